"""Build the engine's rule dicts (docs/rules-format.md) from the database, and load them back."""

from __future__ import annotations

from typing import Any

from .conditions import guard_item_dict, merge_common
from .models import Benchmark, ListItem, ListVersion, Violation


def item_to_rule_dict(item: ListItem) -> dict[str, Any]:
    return {
        "id": item.rule_id or f"{item.version.org.code}-{item.list_kind}-{item.seq}",
        "list": item.list_kind,
        "seq": item.seq,
        "code": item.code,
        "name": item.name,
        "violations": list(item.violations),
        "catch_all": item.catch_all,
        "excluded_violations": list(item.excluded_violations),
        "situation": item.situation,
        "conditions": list(item.conditions),
        "basis": list(item.basis),
        "measures": list(item.measures),
        "coercive_measures": list(item.coercive_measures),
        "source_org": item.source_org_name,
    }


def version_to_rule_dict(version: ListVersion, include_meta: bool = True, for_engine: bool | None = None) -> dict[str, Any]:
    """The rule-format dict of one version (items in list order).

    `for_engine` (default: `include_meta`) applies the safe-by-default guard of `conditions`: an item without
    structured conditions gets a condition that never holds. The content hash and the linter read the
    version as entered (`include_meta=False`).
    """
    if for_engine is None:
        for_engine = include_meta
    items = [item_to_rule_dict(i) for i in version.items.select_related("version__org").order_by("list_kind", "seq")]
    if for_engine:
        items = [guard_item_dict(merge_common(i, version.common_conditions)) for i in items]
    data: dict[str, Any] = {
        "org": {"code": version.org.code, "name": version.org.name},
        "version": version.label,
        "title": version.title,
        "effective_from": version.effective_from.isoformat() if version.effective_from else None,
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "filing_no": version.filing_no,
        "declared_facts": list(version.declared_facts),
        "scope_exclusions": list(version.scope_exclusions),
        "items": items,
        "note": version.note,
    }
    if version.common_conditions and not for_engine:  # the engine form has them inside each item
        data["common_conditions"] = list(version.common_conditions)
    if version.claimed_from_id:
        src = version.claimed_from
        data["claimed_from"] = {"org": src.org.code, "version": src.label}
    else:
        data["claimed_from"] = None
    if include_meta:
        data["status"] = version.status
        data["id"] = version.pk
    return data


def catalogue_dicts() -> list[dict[str, Any]]:
    return [v.to_rule_dict() for v in Violation.objects.order_by("code")]


def benchmark_dict(org=None) -> dict[str, Any]:
    """Base benchmark with the bureau's overrides layered on top."""
    base = Benchmark.objects.filter(org__isnull=True).first()
    data: dict[str, Any] = dict(base.data) if base else {}
    if org is not None:
        override = Benchmark.objects.filter(org=org).first()
        if override:
            merged_default = {**data.get("default", {}), **override.data.get("default", {})}
            merged_violations = {**data.get("violations", {}), **override.data.get("violations", {})}
            data = {**data, **override.data, "default": merged_default, "violations": merged_violations}
    return data

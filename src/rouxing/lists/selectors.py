"""Read side of the lists app: versions in force, history, diffs, workbench panels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from .models import ListItem, ListVersion

DIFF_FIELDS = ("name", "code", "situation", "conditions", "basis", "measures", "violations", "catch_all",
               "coercive_measures")


def version_in_force(*, org, day: dt.date) -> ListVersion | None:
    """The version of `org` in force on `day` (its own or a claimed one it published)."""
    return (
        ListVersion.objects.filter(ListVersion.in_force_filter(day), org=org)
        .select_related("org", "claimed_from__org").order_by("-effective_from").first()
    )


def public_versions(*, org) -> QuerySet[ListVersion]:
    return ListVersion.objects.filter(
        org=org, status__in=[ListVersion.Status.PUBLISHED, ListVersion.Status.SUPERSEDED]
    ).order_by("-effective_from")


def items_by_list(version: ListVersion) -> dict[str, list[ListItem]]:
    grouped: dict[str, list[ListItem]] = {"no_penalty": [], "reduced": [], "lighter": [], "no_coercion": []}
    for item in version.items.order_by("list_kind", "seq"):
        grouped.setdefault(item.list_kind, []).append(item)
    return grouped


def version_diff(old: ListVersion | None, new: ListVersion) -> list[dict]:
    """Items added, removed and changed from `old` to `new`, matched by list and 事项编码 (or name)."""

    def key(item: ListItem) -> tuple[str, str]:
        return (item.list_kind, item.code or item.name)

    old_items = {key(i): i for i in old.items.all()} if old else {}
    new_items = {key(i): i for i in new.items.all()}
    rows: list[dict[str, Any]] = []
    for k, item in new_items.items():
        before = old_items.get(k)
        if before is None:
            rows.append({"change": "added", "item": item, "fields": [], "reason": item.change_reason})
            continue
        fields = [
            {"field": ListItem._meta.get_field(f).verbose_name,  # type: ignore[union-attr]  # DIFF_FIELDS are model fields
              "before": getattr(before, f), "after": getattr(item, f)}
            for f in DIFF_FIELDS if getattr(before, f) != getattr(item, f)
        ]
        if fields:
            rows.append({"change": "changed", "item": item, "fields": fields, "reason": item.change_reason})
    for k, item in old_items.items():
        if k not in new_items:
            rows.append({"change": "removed", "item": item, "fields": [], "reason": ""})
    order = {"no_penalty": 0, "reduced": 1, "lighter": 2, "no_coercion": 3}
    rows.sort(key=lambda r: (order.get(r["item"].list_kind, 9), r["item"].seq))
    return rows


def panels(request) -> list[dict]:
    """Workbench panels of the lists app: the 备案 steps waiting for the user (see `filing.panels`)."""
    from .filing import panels as filing_panels

    return filing_panels(request)

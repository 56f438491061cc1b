"""Structured conditions of list items (结构化适用条件): the safe-by-default rules and readiness checks.

A list item grants 不予处罚 / 减轻 / 从轻 / 不予强制 only through its structured conditions; the text
情形 is for people. Two rules follow (issue 14, "safe by default"):

- `RULE_CONDITIONS`: an item without structured conditions never applies. The loader hands the engine
  such an item with one condition that can never hold (`NEVER_APPLIES`), so whatever engine runs the
  rules, the item is refused with `conditions_unmet` and the reason in `unmet_conditions`.
- `RULE_CATALOGUE`: every item that is not a catch-all (兜底事项) names at least one violation of the
  catalogue (处罚事项目录), so findings and the 裁量助手 reach it through the catalogue code.

Submit (提交审核), 备案 and 公布 are refused while any item breaks either rule (`ensure_ready`), and
`rouxing lint-lists` reports the same problems (`readiness_findings`). The checks work on plain
rules-format dicts (docs/rules-format.md), so they do not depend on the engine's internals.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

RULE_CONDITIONS = "未录入结构化适用条件的清单事项不得适用"
RULE_CATALOGUE = "清单事项须关联处罚事项目录"

LIST_LABELS = {
    "no_penalty": "不予行政处罚清单", "reduced": "减轻行政处罚清单", "lighter": "从轻行政处罚清单",
    "no_coercion": "不予行政强制清单",
}

NEVER_APPLIES: dict[str, Any] = {
    "id": "no_structured_conditions",
    "label": "本事项尚未录入结构化适用条件，依规则“未录入结构化适用条件的清单事项不得适用”不自动适用",
    # `in` an empty set never holds, whatever the facts
    "when": {"fact": "first_violation", "op": "in", "value": []},
    "exclusion": "conditions_unmet",
}


def has_conditions(conditions: Any) -> bool:
    """True when `conditions` is a non-empty list whose every entry carries a non-empty `when`."""
    if not isinstance(conditions, list | tuple) or not conditions:
        return False
    return all(isinstance(c, dict) and isinstance(c.get("when"), dict) and c["when"] for c in conditions)


def has_catalogue_link(item: dict[str, Any], catalogue_codes: set[str] | None = None) -> bool:
    """True for a catch-all item, or one naming a violation code (known to the catalogue when it is given)."""
    if item.get("catch_all"):
        return True
    codes = [c for c in item.get("violations") or () if isinstance(c, str) and c.strip()]
    if catalogue_codes is not None:
        codes = [c for c in codes if c in catalogue_codes]
    return bool(codes)


ALL_LISTS = ("no_penalty", "reduced", "lighter", "no_coercion")


def common_for(item: dict[str, Any], common: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The version's common conditions (共同适用条件) that cover the item's list."""
    kind = item.get("list") or item.get("list_kind")
    return [c for c in common or () if isinstance(c, dict) and kind in (c.get("lists") or ALL_LISTS)]


def merge_common(item: dict[str, Any], common: Iterable[dict[str, Any]] | None) -> dict[str, Any]:
    """The item with the version's common conditions for its list put before its own conditions."""
    shared = [{k: v for k, v in c.items() if k != "lists"} | {"id": f"common_{c.get('id', n)}"}
              for n, c in enumerate(common_for(item, common), start=1)]
    if not shared:
        return item
    return {**item, "conditions": [*shared, *(item.get("conditions") or [])]}


def guard_item_dict(item: dict[str, Any]) -> dict[str, Any]:
    """The engine form of an item: without structured conditions it carries `NEVER_APPLIES` instead."""
    if has_conditions(item.get("conditions")):
        return item
    return {**item, "conditions": [dict(NEVER_APPLIES)]}


def item_where(item: dict[str, Any]) -> str:
    """“不予行政处罚清单第3项“…””: where an item stands, for messages."""
    kind = item.get("list") or item.get("list_kind") or ""
    return f"{LIST_LABELS.get(kind, kind)}第{item.get('seq')}项“{item.get('name', '')}”"


def readiness_problems(items: Iterable[dict[str, Any]], catalogue_codes: set[str] | None = None,
                       common: Iterable[dict[str, Any]] | None = None) -> list[tuple[str, str, str]]:
    """(code, where, message) for every item breaking `RULE_CONDITIONS` or `RULE_CATALOGUE`; the version's
    common conditions for an item's list count as its conditions."""
    out = []
    common = list(common or ())
    for item in items:
        where = item_where(item)
        if not has_conditions(merge_common(item, common).get("conditions")):
            out.append(("no_conditions", where,
                        f"尚未录入结构化适用条件（规则：{RULE_CONDITIONS}），在录入条件前该事项不会适用于任何案件。"))
        if not has_catalogue_link(item, catalogue_codes):
            out.append(("no_catalogue_link", where,
                        f"未关联处罚事项目录中的违法行为（规则：{RULE_CATALOGUE}），执法检查和裁量助手无法据此找到该事项。"))
    return out


def version_item_dicts(version) -> list[dict[str, Any]]:
    """The items of a `ListVersion` as plain dicts with the keys the checks read."""
    return [
        {"list": i.list_kind, "seq": i.seq, "name": i.name, "conditions": i.conditions,
         "violations": i.violations, "catch_all": i.catch_all}
        for i in version.items.order_by("list_kind", "seq")
    ]


def ensure_ready(version, action: str) -> None:
    """Refuse `action` (提交审核 / 备案 / 公布) while an item lacks conditions or a catalogue link.

    Raises `ValidationError` with a Chinese message naming the rule and the first items concerned.
    """
    from .models import Violation

    codes = set(Violation.objects.values_list("code", flat=True))
    problems = readiness_problems(version_item_dicts(version), codes, version.common_conditions)
    if not problems:
        return
    shown = "；".join(f"{where}{message.split('（规则')[0]}" for _code, where, message in problems[:5])
    more = f"等{len(problems)}处" if len(problems) > 5 else ""
    rules = "、".join(dict.fromkeys(
        f"“{RULE_CONDITIONS if code == 'no_conditions' else RULE_CATALOGUE}”" for code, _w, _m in problems))
    raise ValidationError(f"不能{action}：依规则{rules}，{shown}{more}。请先在事项页录入结构化条件并关联处罚事项目录。")

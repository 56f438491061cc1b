"""How the four lists are shown: the annex tables by list, and structured conditions in Chinese.

Shared by the lists pages and the public portal; query-light and free of permissions.
"""

from __future__ import annotations

from typing import Any

from rouxing.parties.models import Industry, Party

from .assistant import CIRCUMSTANCES, COERCION, CORRECTED, HARM
from .forms import format_basis
from .models import ListKind, ListVersion
from .selectors import items_by_list

SECTION_HEADERS = {
    ListKind.NO_PENALTY: ("事项名称", "不予处罚的情形", "不予处罚的依据"),
    ListKind.REDUCED: ("事项名称", "减轻处罚的情形", "减轻处罚的依据"),
    ListKind.LIGHTER: ("事项名称", "从轻处罚的情形", "从轻处罚的依据"),
    ListKind.NO_COERCION: ("行政强制事项名称", "不予行政强制的情形", "不予行政强制的依据"),
}
FACT_LABELS = {
    "first_violation": "初次违法（首次被发现）", "corrected": "改正情况", "harm": "危害后果",
    "substantive_compliance": "已履行主要义务（仅形式不完全符合）", "circumstances": "情节",
    "party.kind": "相对人类型", "party.industry": "行业类别", "party.age": "相对人年龄",
    "coercive_measure": "行政强制措施",
}
OP_LABELS = {"eq": "为", "ne": "不为", "in": "属于", "not_in": "不属于", "has": "包含", "lacks": "不包含",
             "gte": "不小于", "lte": "不大于"}
VALUE_LABELS: dict[Any, str] = {
    **{k: v for k, v in CORRECTED if k}, **dict(HARM), **dict(CIRCUMSTANCES), **{k: v for k, v in COERCION if k},
    **dict(Industry.choices), **dict(Party.Kind.choices),
}


def list_sections(version: ListVersion) -> list[dict[str, Any]]:
    """The four lists of a version in annex order, each with its column headers and items."""
    grouped = items_by_list(version)
    return [
        {"kind": kind, "label": f"{label}事项清单", "headers": SECTION_HEADERS[kind], "items": grouped.get(kind, [])}
        for kind, label in ListKind.choices
    ]


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_value_text(v) for v in value)
    return VALUE_LABELS.get(value, str(value))


def describe_predicate(when: dict[str, Any] | None, facts: dict[str, str] | None = None) -> str:
    """A `when` predicate of docs/rules-format.md in Chinese words."""
    if not when:
        return ""
    facts = facts or {}
    if "all" in when:
        return "并且".join(f"（{describe_predicate(w, facts)}）" for w in when["all"])
    if "any" in when:
        return "或者".join(f"（{describe_predicate(w, facts)}）" for w in when["any"])
    if "not" in when:
        return f"并非（{describe_predicate(when['not'], facts)}）"
    fact = str(when.get("fact", ""))
    label = FACT_LABELS.get(fact) or facts.get(fact.removeprefix("extra."), fact)
    return f"{label}{OP_LABELS.get(when.get('op', ''), when.get('op', ''))}{_value_text(when.get('value'))}"


def describe_conditions(conditions: list[dict[str, Any]], version: ListVersion | None = None) -> list[dict]:
    """Each structured condition as its label and its rule in Chinese."""
    facts = {f.get("key", ""): f.get("label", "") for f in (version.declared_facts if version else [])}
    return [{"label": c.get("label", ""), "rule": describe_predicate(c.get("when"), facts)} for c in conditions or []]


def display_value(value: Any) -> str:
    """A field value of an item as text for the diff page."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if all("law" in v for v in value):
            return format_basis(value)
        return "\n".join(c["label"] or c["rule"] for c in describe_conditions(value))
    if value in ([], None, ""):
        return "（无）"
    return _value_text(value)

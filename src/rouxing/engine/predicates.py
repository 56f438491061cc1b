"""Compile the `when` predicates of docs/rules-format.md into closures, once per list version.

A compiled predicate is a function of the flat fact mapping (`Facts.values`: `"party.industry"`,
`"circumstances"`, `"extra.no_fatal_accident_3y"`, ...) returning a bool. An absent fact (None) never
satisfies `eq`, `in`, `gte`, `lte` or `has`; it satisfies `ne`, `not_in` and `lacks`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .errors import RuleDataError
from .vocabulary import FACT_TYPES

Predicate = Callable[[Mapping[str, Any]], bool]
OPS = ("eq", "ne", "in", "not_in", "has", "lacks", "gte", "lte")


def _leaf(fact: str, op: str, value: Any) -> Predicate:
    if op == "eq":
        if value is None:
            return lambda v: False
        return lambda v: v.get(fact) == value
    if op == "ne":
        return lambda v: v.get(fact) != value
    if op in ("in", "not_in"):
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise RuleDataError("when", f"条件“{fact} {op}”的取值须为列表。")
        options = frozenset(value)
        if op == "in":
            return lambda v: v.get(fact) in options
        return lambda v: v.get(fact) not in options
    if op in ("has", "lacks"):
        wanted = frozenset(value) if isinstance(value, (list, tuple)) else frozenset([value])
        if op == "has":
            return lambda v: wanted <= (v.get(fact) or frozenset())
        return lambda v: not (wanted & (v.get(fact) or frozenset()))
    if op in ("gte", "lte"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RuleDataError("when", f"条件“{fact} {op}”的取值须为数值。")
        if op == "gte":
            return lambda v: (x := v.get(fact)) is not None and x >= value
        return lambda v: (x := v.get(fact)) is not None and x <= value
    raise RuleDataError("when", f"未知的条件运算符“{op}”（可用：{'、'.join(OPS)}）。")


def check_fact(fact: str, declared: Mapping[str, str]) -> None:
    """Refuse a predicate on a fact the contract does not know and the version does not declare."""
    if fact in FACT_TYPES:
        return
    if fact.startswith("extra.") and fact[6:] in declared:
        return
    raise RuleDataError("when", f"条件引用了未知的事实“{fact}”（extra.<键> 须先在 declared_facts 中声明）。")


def compile_when(when: Any, declared: Mapping[str, str] | None = None) -> tuple[Predicate, frozenset[str]]:
    """Compile one predicate; returns the closure and the facts it reads (for the trace)."""
    declared = declared or {}
    if not isinstance(when, dict) or not when:
        raise RuleDataError("when", "条件须为对象：{fact, op, value} 或 all/any/not。")
    if "all" in when or "any" in when:
        key = "all" if "all" in when else "any"
        parts = [compile_when(p, declared) for p in when[key]]
        preds = tuple(p for p, _ in parts)
        reads = frozenset().union(*(r for _, r in parts)) if parts else frozenset()
        if key == "all":
            return (lambda v: all(p(v) for p in preds)), reads
        return (lambda v: any(p(v) for p in preds)), reads
    if "not" in when:
        inner, reads = compile_when(when["not"], declared)
        return (lambda v: not inner(v)), reads
    fact, op = when.get("fact"), when.get("op")
    if not isinstance(fact, str) or not isinstance(op, str):
        raise RuleDataError("when", "条件须写明 fact 和 op。")
    check_fact(fact, declared)
    return _leaf(fact, op, when.get("value")), frozenset([fact])


def leaves(when: Any, negated: bool = False) -> Iterator[tuple[Any, Any, Any, bool]]:
    """Yield (fact, op, value, negated) for every leaf of a predicate (used by the list linter)."""
    if not isinstance(when, dict):
        return
    for key in ("all", "any"):
        for part in when.get(key, []) or []:
            yield from leaves(part, negated)
    if "not" in when:
        yield from leaves(when["not"], not negated)
    if "fact" in when:
        yield when["fact"], when.get("op"), when.get("value"), negated

"""Code generation for the list-item step (contract step 3): one straight-line Python function per
(list version, violation), compiled once and kept on the compiled `RuleSet`.

The interpreted step (`decide._items_interpreted`: every condition's closure called in a loop) stays the
reference; the generated function must give the same result and the same trace entries (tests check
both on random facts). What is generated for the candidates of one violation, most lenient first:

- each fact the conditions read is fetched once into a local, straight from the `Facts` attributes
  (`FACT_EXPRESSIONS`: the same values as `Facts.values`, without building that mapping);
- each `when` predicate becomes an inline expression (`predicates.py`'s semantics: an absent fact never
  satisfies `eq in gte lte has`), setting one bit of a failure mask per failed condition;
- per item, the failure mask selects a precomputed `Failure` (failed conditions, their ids, their
  exclusion codes without repeats), built once per (item, mask) from rule data only;
- the trace entry of each item is a dict literal whose constant part (step, rule, kind, list, seq) is
  written into the source and whose `facts` part reads the locals; when the item reads only facts of
  the closed vocabulary (no `extra.` key), the entry is a function of (failure mask, the values it reads)
  and is built once per such tuple and shared, read-only, like the other constant trace entries
  (`Decision.to_dict` copies it).

The generated function is `step3(facts, first, harm, refused, trace, exclusions) -> (held, tried,
refused_items)` (`first`: the first_violation used, `harm`: the effective harm) with the interpreted step's
semantics over `facts.values(first)`: stop at the first level change after an item held, report refused
lists, collect exclusion codes of failed items until one holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import RuleDataError

if TYPE_CHECKING:
    from .facts import Facts
    from .rules import Condition, ItemRule

ItemsStep = Callable[["Facts", bool | None, str | None, Any, list[Any], list[str]],
                     tuple[list["ItemRule"], list[tuple["ItemRule", tuple["Condition", ...]]], list["ItemRule"]]]

# The Python expression of each key of `Facts.values(first)` inside the generated function (`first` and
# `harm` are its arguments, `party` and `extra` locals); tests check every key against `Facts.values`.
FACT_EXPRESSIONS = {
    "first_violation": "first", "corrected": "facts.corrected", "harm": "harm",
    "substantive_compliance": "facts.substantive_compliance", "circumstances": "facts.circumstances",
    "party.kind": "party.kind", "party.industry": "party.industry", "party.age": "party.age",
    "coercive_measure": "facts.coercive_measure",
}


def fact_expression(key: str) -> str:
    """The expression reading one fact key (an `extra.` key from the declared facts; any other key is
    absent from `Facts.values`, hence None)."""
    if key.startswith("extra."):
        return f"extra.get({key[6:]!r})"
    return FACT_EXPRESSIONS.get(key, "None")


class Failure:
    """The failed conditions of one item for one failure mask (rule data only, shared by every decision)."""

    __slots__ = ("conditions", "ids", "exclusions")

    def __init__(self, item: ItemRule, mask: int):
        self.conditions = tuple(c for j, c in enumerate(item.conditions) if mask >> j & 1)
        self.ids = tuple(c.id for c in self.conditions)
        self.exclusions = tuple(dict.fromkeys(c.exclusion for c in self.conditions))


class _Source:
    """Accumulates generated lines and the constants they refer to (by name, never by repr)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.consts: dict[str, Any] = {}
        self.facts: dict[str, str] = {}

    def const(self, value: Any) -> str:
        name = f"_k{len(self.consts)}"
        self.consts[name] = value
        return name

    def fact(self, key: str) -> str:
        local = self.facts.get(key)
        if local is None:
            local = self.facts[key] = f"f{len(self.facts)}"
        return local

    def add(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)


def when_expr(when: Any, src: _Source) -> str:
    """An inline Python expression equivalent to `predicates.compile_when(when)` (truthiness)."""
    if "all" in when or "any" in when:
        key = "all" if "all" in when else "any"
        parts = [when_expr(p, src) for p in when[key]]
        if not parts:
            return "True" if key == "all" else "False"
        return "(" + (" and " if key == "all" else " or ").join(parts) + ")"
    if "not" in when:
        return f"(not {when_expr(when['not'], src)})"
    fact, op, value = when["fact"], when["op"], when.get("value")
    x = src.fact(fact)
    if op == "eq":
        return "False" if value is None else f"({x} == {src.const(value)})"
    if op == "ne":
        return f"({x} != {src.const(value)})"
    if op in ("in", "not_in"):
        return f"({x} {'in' if op == 'in' else 'not in'} {src.const(frozenset(value))})"
    if op in ("has", "lacks"):
        values = frozenset(value) if isinstance(value, (list, tuple)) else frozenset([value])
        if len(values) == 1:  # one code: a membership test
            one = src.const(next(iter(values)))
            return f"({one} {'in' if op == 'has' else 'not in'} ({x} or _EMPTY))"
        wanted = src.const(values)
        if op == "has":
            return f"({wanted} <= ({x} or _EMPTY))"
        return f"{wanted}.isdisjoint({x} or _EMPTY)"
    if op in ("gte", "lte"):
        return f"({x} is not None and {x} {'>=' if op == 'gte' else '<='} {src.const(value)})"
    raise RuleDataError("when", f"未知的条件运算符“{op}”。")


def _facts_literal(item: ItemRule, src: _Source) -> str:
    """The trace's `facts` of an item: its sorted reads, sets as sorted lists (as `decide._item_read`)."""
    parts = []
    for key in item.trace_reads:
        x = src.fact(key)
        value = f"_sorted({x}) if _isinstance({x}, frozenset) else {x}" if key in item.set_reads else x
        parts.append(f"{key!r}: {value}")
    return "{" + ", ".join(parts) + "}"


def _item_block(index: int, item: ItemRule, src: _Source) -> None:
    """The lines evaluating one candidate (inside the generated function, at depth 1)."""
    level = src.const((item.list, item.catch_all))
    it, table = src.const(item), src.const({})
    head = f'"step": 3, "rule": {item.id!r}, "kind": "list_item", "list": {item.list!r}, "seq": {item.seq!r}'
    src.add(1, f"# {index}: {item.id} ({item.list} #{item.seq})")
    if index:  # before the first candidate nothing has held yet
        src.add(1, f"if level is not None and level != {level}:")
        src.add(2, "return held, tried, refused_items")
    src.add(1, f"if {item.list!r} in refused:")
    src.add(2, f"refused_items.append({it})")
    src.add(2, f'trace.append({{{head}, "result": "refused_by_scope", "facts": {{}}}})')
    src.add(1, "else:")
    src.add(2, "mask = 0")
    for j, cond in enumerate(item.conditions):
        src.add(2, f"if not {when_expr(cond.when, src)}:")
        src.add(3, f"mask |= {1 << j}")
    facts = _facts_literal(item, src)
    memo = not any(key.startswith("extra.") for key in item.trace_reads)
    if memo:
        entries = src.const({})
        src.add(2, f"key = (mask,{''.join(f' {src.fact(k)},' for k in item.trace_reads)})")
        src.add(2, f"entry = {entries}.get(key)")
    src.add(2, "if mask:")
    src.add(3, f"fail = {table}.get(mask) or _failure({table}, {it}, mask)")
    failed_entry = f'{{{head}, "result": "failed", "failed": list(fail.ids), "facts": {facts}}}'
    if memo:
        src.add(3, f"trace.append(entry or _entry({entries}, key, {failed_entry}))")
    else:
        src.add(3, f"trace.append({failed_entry})")
    depth = 3
    if index:
        src.add(3, "if level is None:")
        depth = 4
    src.add(depth, f"tried.append(({it}, fail.conditions))")
    src.add(depth, "if not exclusions:")  # the failure's codes are already without repeats
    src.add(depth + 1, "exclusions.extend(fail.exclusions)")
    src.add(depth, "else:")
    src.add(depth + 1, "for code in fail.exclusions:")
    src.add(depth + 2, "if code not in exclusions:")
    src.add(depth + 3, "exclusions.append(code)")
    src.add(2, "else:")
    fulfilled_entry = f'{{{head}, "result": "fulfilled", "failed": [], "facts": {facts}}}'
    if memo:
        src.add(3, f"trace.append(entry or _entry({entries}, key, {fulfilled_entry}))")
    else:
        src.add(3, f"trace.append({fulfilled_entry})")
    src.add(3, f"held.append({it})")
    src.add(3, f"level = {level}")


def _failure(table: dict[int, Failure], item: ItemRule, mask: int) -> Failure:
    found = table[mask] = Failure(item, mask)
    return found


def _entry(table: dict[tuple[Any, ...], dict[str, Any]], key: tuple[Any, ...], entry: dict[str, Any]) -> dict[str, Any]:
    """Keep an item's trace entry for its (mask, values read) key, up to 256 per item (about 1 kB each, so a
    few hundred items stay within a few tens of MB however varied the facts; beyond that, entries are built
    per decision)."""
    if len(table) < 256:
        table[key] = entry
    return entry


def items_step_source(candidates: Sequence[ItemRule]) -> tuple[str, dict[str, Any]]:
    """The source of `step3` for these candidates (in decision order) and the constants it refers to."""
    body = _Source()
    for index, item in enumerate(candidates):
        _item_block(index, item, body)
    src = _Source()
    src.add(0, "def step3(facts, first, harm, refused, trace, exclusions):")
    src.add(1, "held = []")
    src.add(1, "tried = []")
    src.add(1, "refused_items = []")
    src.add(1, "level = None")
    if any(key.startswith("party.") for key in body.facts):
        src.add(1, "party = facts.party")
    if any(key.startswith("extra.") for key in body.facts):
        src.add(1, "extra = dict(facts.extra) if facts.extra else _NO_EXTRA")
    for key, local in body.facts.items():
        src.add(1, f"{local} = {fact_expression(key)}  # {key}")
    src.lines += body.lines
    src.add(1, "return held, tried, refused_items")
    return "\n".join(src.lines) + "\n", body.consts


def compile_items_step(candidates: Sequence[ItemRule], name: str = "<rouxing list step>") -> ItemsStep:
    """Generate and compile `step3` for these candidates (done once per list version and violation)."""
    text, consts = items_step_source(candidates)
    namespace: dict[str, Any] = {"_EMPTY": frozenset(), "_NO_EXTRA": {}, "_sorted": sorted, "_isinstance": isinstance,
                                 "_failure": _failure, "_entry": _entry, **consts}
    exec(compile(text, name, "exec"), namespace)  # noqa: S102 - source generated from compiled rule data only
    step: ItemsStep = namespace["step3"]
    step.source = text  # type: ignore[attr-defined]  # kept for inspection and tests
    return step

"""Compiled rule records: the catalogue (处罚事项目录), a list version (清单版本) with its items and scope
exclusions, and the discretion benchmark (裁量基准), built from the dicts of docs/rules-format.md.

A `RuleSet` is compiled once per list version: every `when` predicate becomes a closure (predicates.py)
and the items are indexed by violation code and normalised name, so a decision never re-parses rule
data. Nothing built from rule data is ever compiled as source code or executed: identifiers are data,
checked against strict patterns (vocabulary.IDENTIFIER_PATTERNS) when the version is compiled.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import RuleDataError
from .penalties import Consequence
from .predicates import Predicate, compile_when
from .vocabulary import ADDITIONAL_PENALTIES, LIST_KINDS, check_identifier, normalize_name

Basis = dict[str, Any]
_LIST_ORDER = {kind: i for i, kind in enumerate(LIST_KINDS)}


def _date(value: Any, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise RuleDataError(what, f"日期“{value}”格式无效，应为YYYY-MM-DD。") from exc


def _identifier(kind: str, value: Any, where: str) -> str:
    text = str(value or "")
    problem = check_identifier(kind, text)
    if problem:
        raise RuleDataError(where, problem)
    return text


@dataclass(frozen=True)
class Condition:
    """One structured 情形 of a list item; every condition must hold for the item to apply."""

    id: str
    label: str
    predicate: Predicate = field(repr=False, compare=False)
    reads: frozenset[str]
    exclusion: str
    when: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)


@dataclass(frozen=True)
class ItemRule:
    """清单事项: one row of the no_penalty / reduced / lighter / no_coercion list of a version."""

    id: str
    list: str
    seq: int
    code: str
    name: str
    key: str
    violations: tuple[str, ...]
    catch_all: bool
    excluded: frozenset[str]
    situation: str
    conditions: tuple[Condition, ...]
    basis: tuple[Basis, ...]
    measures: tuple[str, ...]
    coercive_measures: frozenset[str]
    source_org: str = ""
    reads: tuple[str, ...] = ()
    """The facts its conditions read, sorted (the trace's `facts` keys)."""

    def failed(self, values: Mapping[str, Any]) -> builtins.list[Condition]:
        return [c for c in self.conditions if not c.predicate(values)]

    @property
    def order(self) -> tuple[int, bool, int]:
        """Decision order: most lenient list first, specific before catch-all, then by seq."""
        return _LIST_ORDER[self.list], self.catch_all, self.seq


@dataclass(frozen=True)
class ScopeExclusion:
    """适用范围排除: a circumstance that refuses every item of the lists it names."""

    id: str
    code: str
    label: str
    predicate: Predicate = field(repr=False, compare=False)
    reads: frozenset[str]
    lists: frozenset[str]
    basis: tuple[Basis, ...]
    when: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)


def _condition(raw: Any, declared: dict[str, str], where: str) -> Condition:
    if not isinstance(raw, dict) or "when" not in raw:
        raise RuleDataError(where, "条件须包含 when。")
    pred, reads = compile_when(raw["when"], declared)
    cid = str(raw.get("id") or "")
    if cid:
        _identifier("rule_id", cid, f"{where}.id")
    return Condition(id=cid, label=str(raw.get("label") or raw.get("id") or ""), predicate=pred, reads=reads,
                     exclusion=str(raw.get("exclusion") or "conditions_unmet"), when=raw["when"])


def _item(raw: dict[str, Any], declared: dict[str, str], org_code: str) -> ItemRule:
    kind = raw.get("list")
    if kind not in LIST_KINDS:
        raise RuleDataError("items", f"清单事项“{raw.get('name', '')}”的清单类别“{kind}”无效。")
    seq = int(raw.get("seq") or 0)
    where = f"items[{kind}#{seq}]"
    item_id = _identifier("rule_id", raw.get("id") or f"{org_code}-{kind}-{seq}", f"{where}.id")
    conditions = tuple(_condition(c, declared, where) for c in raw.get("conditions") or ())
    return ItemRule(
        id=item_id, list=kind, seq=seq, code=str(raw.get("code") or ""),
        name=str(raw.get("name") or ""), key=normalize_name(raw.get("name") or ""),
        violations=tuple(raw.get("violations") or ()), catch_all=bool(raw.get("catch_all")),
        excluded=frozenset(normalize_name(x) for x in raw.get("excluded_violations") or ()),
        situation=str(raw.get("situation") or ""),
        conditions=conditions, basis=tuple(raw.get("basis") or ()), measures=tuple(raw.get("measures") or ()),
        coercive_measures=frozenset(raw.get("coercive_measures") or ()), source_org=str(raw.get("source_org") or ""),
        reads=tuple(sorted(frozenset().union(*(c.reads for c in conditions)))),
    )


def _scope(raw: Any, declared: dict[str, str]) -> ScopeExclusion:
    if not isinstance(raw, dict) or "when" not in raw:
        raise RuleDataError("scope_exclusions", "适用范围排除须包含 when。")
    pred, reads = compile_when(raw["when"], declared)
    sid = str(raw.get("id") or raw.get("code") or "")
    if sid:
        _identifier("rule_id", sid, "scope_exclusions.id")
    return ScopeExclusion(id=sid, code=str(raw.get("code") or "conditions_unmet"), label=str(raw.get("label") or ""),
                          predicate=pred, reads=reads, lists=frozenset(raw.get("lists") or LIST_KINDS),
                          basis=tuple(raw.get("basis") or ()), when=raw["when"])


@dataclass(frozen=True)
class ViolationRef:
    """The violation a decision is about: its catalogue code (if catalogued) and its matching keys."""

    code: str | None
    name: str
    keys: frozenset[str]
    item_code: str | None = None


class RuleSet:
    """One compiled list version (its own items or those it claimed, 认领, with provenance)."""

    def __init__(self, data: dict[str, Any]):
        org = data.get("org") or {}
        self.org_code: str = _identifier("org_code", org.get("code"), "org.code")
        self.org_name: str = str(org.get("name") or "")
        self.version: str = str(data.get("version") or "")
        self.title: str = str(data.get("title") or "")
        self.effective_from = _date(data.get("effective_from"), "effective_from")
        self.effective_to = _date(data.get("effective_to"), "effective_to")
        self.filing_no: str = str(data.get("filing_no") or "")
        self.claimed_from = data.get("claimed_from")
        self.note: str = str(data.get("note") or "")
        self.declared: dict[str, str] = {}
        self.declared_labels: dict[str, str] = {}
        for d in data.get("declared_facts") or ():
            key = _identifier("fact_key", d.get("key") if isinstance(d, dict) else None, "declared_facts.key")
            self.declared[key] = d.get("type", "bool")
            self.declared_labels[key] = d.get("label", key)
        self.scope: tuple[ScopeExclusion, ...] = tuple(_scope(s, self.declared) for s in data.get("scope_exclusions") or ())
        self.items: tuple[ItemRule, ...] = tuple(_item(i, self.declared, self.org_code) for i in data.get("items") or ())
        self._by_code: dict[str, list[ItemRule]] = {}
        self._by_key: dict[str, list[ItemRule]] = {}
        self._catch_all: list[ItemRule] = []
        for item in self.items:
            if item.catch_all:
                self._catch_all.append(item)
                continue
            for code in item.violations:
                self._by_code.setdefault(code, []).append(item)
            if item.code:
                self._by_code.setdefault(item.code, []).append(item)
            self._by_key.setdefault(item.key, []).append(item)
        self._indexed: dict[str, tuple[ViolationRef, tuple[ItemRule, ...]]] = {}
        """Candidates of the catalogue's violations, computed when the rule source is built (`index`)."""
        self.label: str = f"{self.org_code}/{self.version}"
        """The `list_version` string of a decision: `<bureau code>/<version label>` (unique per bureau)."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        return cls(data)

    def in_force_on(self, day: dt.date) -> bool:
        return (self.effective_from is not None and self.effective_from <= day
                and (self.effective_to is None or day < self.effective_to))

    def items_named(self, key: str) -> list[ItemRule]:
        return list(self._by_key.get(key, ()))

    def item_by_code(self, code: str) -> ItemRule | None:
        found = self._by_code.get(code)
        return found[0] if found else None

    def index(self, ref: ViolationRef) -> None:
        """Compute the candidates of a catalogue violation once, when the rule source is built."""
        if ref.code:
            self._indexed[ref.code] = (ref, tuple(self._candidates(ref)))

    def candidates(self, ref: ViolationRef) -> list[ItemRule]:
        """Items naming this violation (by code, name or item code), then catch-all items not excluding it;
        ordered most lenient list first, specific before catch-all, then by seq."""
        indexed = self._indexed.get(ref.code or "")
        if indexed is not None and indexed[0] is ref:
            return list(indexed[1])
        return self._candidates(ref)

    def _candidates(self, ref: ViolationRef) -> list[ItemRule]:
        seen: dict[tuple[str, str], ItemRule] = {}
        for code in (ref.code, ref.item_code):
            for item in self._by_code.get(code or "", ()):
                seen.setdefault((item.id, item.list), item)
        for key in ref.keys:
            for item in self._by_key.get(key, ()):
                seen.setdefault((item.id, item.list), item)
        for item in self._catch_all:
            if not ((ref.code and normalize_name(ref.code) in item.excluded) or (ref.keys & item.excluded)):
                seen.setdefault((item.id, item.list), item)
        return sorted(seen.values(), key=lambda i: i.order)

    def match(self, ref: ViolationRef, values: Mapping[str, Any], trace: list[Any] | None = None) -> ItemRule | None:
        """The first lenient item whose every condition holds (the decision-table step, no scope or statutes),
        appending one trace entry per item tried when `trace` is given."""
        for item in self.candidates(ref):
            if item.list == "no_coercion":
                continue
            failed = item.failed(values)
            if trace is not None:
                trace.append({"rule": item.id, "result": "failed" if failed else "fulfilled",
                              "failed": [c.id for c in failed]})
            if not failed:
                return item
        return None


@dataclass(frozen=True)
class CatalogueEntry:
    """处罚事项: a catalogued violation with its penalty article and statutory fine range (yuan), as the law in
    force from `valid_from` until (not including) `valid_to` sets them; `earlier_law` holds the penalty, ranges
    and 并处 of the law before (each a `CatalogueEntry` of the same violation with its own dates and source), so
    that 从旧兼从轻 (行政处罚法 art. 37) compares the law at the violation date with the law at the decision date."""

    code: str
    name: str
    keys: frozenset[str]
    penalty: tuple[Basis, ...]
    fine_min: int
    fine_max: int
    overdue: dict[str, Any] = field(default_factory=dict, compare=False)
    spellings: tuple[str, ...] = ()
    """The name and aliases as written (stripped), for finding the entry without normalising."""
    valid_from: dt.date | None = None
    """The day this law took effect (None: not recorded)."""
    valid_to: dt.date | None = None
    """The first day this law no longer applied (the next law's `valid_from`); None: still in force."""
    legal_source: str = ""
    """The statute edition the ranges come from (e.g. 《中华人民共和国安全生产法》（2021年修正）)."""
    consequences: tuple[Consequence, ...] | None = field(default=None, compare=False)
    """The 并处 and person fines of this law when given with the entry (an earlier law whose article numbers differ
    from today's); None: those of `penalties.PENALTY_CONSEQUENCES` for the penalty article."""
    earlier_law: tuple[CatalogueEntry, ...] = field(default=(), compare=False)

    def in_force_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    def at(self, day: dt.date) -> CatalogueEntry:
        """The law in force on `day`: this entry, else the earlier law valid on that day; where no recorded law
        covers the day, this entry (the law known today)."""
        if self.in_force_on(day):
            return self
        for earlier in self.earlier_law:
            if earlier.in_force_on(day):
                return earlier
        return self


_CONSEQUENCE_WHEN = frozenset({"always", "in_time", "overdue", "refused", "serious"})


def _consequences(raw: Any, where: str) -> tuple[Consequence, ...] | None:
    if raw is None:
        return None
    out = []
    for i, row in enumerate(raw):
        if not isinstance(row, dict) or row.get("when") not in _CONSEQUENCE_WHEN:
            raise RuleDataError(f"{where}.consequences[{i}]", f"并处条目须写明 when（{'、'.join(sorted(_CONSEQUENCE_WHEN))}）。")
        kind, who = row.get("kind"), row.get("who")
        if (kind is None) == (who is None) or (kind is not None and kind not in ADDITIONAL_PENALTIES):
            raise RuleDataError(f"{where}.consequences[{i}]", "并处条目须写明 kind（并处种类）或 who（被罚款的人员）之一。")
        out.append(Consequence(str(row["when"]), kind=kind, who=None if who is None else str(who),
                               fine_min=int(row.get("fine_min") or 0), fine_max=int(row.get("fine_max") or 0)))
    return tuple(out)


def _law_period(raw: dict[str, Any], code: str, name: str, keys: frozenset[str], spellings: tuple[str, ...],
                where: str) -> CatalogueEntry:
    return CatalogueEntry(code=code, name=name, keys=keys, penalty=tuple(raw.get("penalty") or ()),
                          fine_min=int(raw.get("fine_min") or 0), fine_max=int(raw.get("fine_max") or 0),
                          overdue=dict(raw.get("overdue") or {}), spellings=spellings,
                          valid_from=_date(raw.get("valid_from"), f"{where}.valid_from"),
                          valid_to=_date(raw.get("valid_to"), f"{where}.valid_to"),
                          legal_source=str(raw.get("legal_source") or ""),
                          consequences=_consequences(raw.get("consequences"), where))


def catalogue_entry(raw: dict[str, Any]) -> CatalogueEntry:
    names = [raw.get("name") or "", *(raw.get("aliases") or ())]
    code, name = str(raw["code"]), str(raw.get("name") or "")
    keys = frozenset(normalize_name(n) for n in names if n)
    spellings = tuple(str(n).strip() for n in names if n)
    entry = _law_period(raw, code, name, keys, spellings, f"catalogue[{code}]")
    earlier = tuple(_law_period(e, code, name, keys, spellings, f"catalogue[{code}].earlier_law[{i}]")
                    for i, e in enumerate(raw.get("earlier_law") or ()))
    for period in (entry, *earlier):
        if period.valid_from and period.valid_to and period.valid_to <= period.valid_from:
            raise RuleDataError(f"catalogue[{code}]", f"处罚事项“{name}”的施行期间无效：失效日须晚于施行日。")
    if not earlier:
        return entry
    return CatalogueEntry(**{**{f: getattr(entry, f) for f in entry.__dataclass_fields__}, "earlier_law": earlier})


class Benchmark:
    """裁量基准: fine-band fractions per outcome (per-violation overrides on defaults) and aggravating facts."""

    DEFAULT = {"lighter": (0.1, 0.3), "standard": (0.3, 0.7), "heavier": (0.7, 1.0), "reduced": (0.5, 0.9)}
    """`reduced`: fractions of the statutory minimum (or, without one, of the lightest tier's lower bound)."""

    def __init__(self, data: dict[str, Any] | None):
        data = data or {}
        self.default = {**self.DEFAULT, **{k: tuple(v) for k, v in (data.get("default") or {}).items()}}
        self.violations = {code: {k: tuple(v) for k, v in bands.items()}
                           for code, bands in (data.get("violations") or {}).items()}
        self.aggravating = tuple(data.get("aggravating") or ())
        self.aggravating_codes = frozenset(a for a in self.aggravating if isinstance(a, str))

    def fractions(self, outcome: str, code: str | None) -> tuple[float, float]:
        override = self.violations.get(code or "", {})
        lo, hi = override.get(outcome) or self.default.get(outcome) or (0.0, 1.0)
        return float(lo), float(hi)

    def band(self, outcome: str, code: str | None, lo: int, hi: int) -> tuple[int, int]:
        """The fine band in yuan for the outcome within the range lo–hi."""
        low, high = self.fractions(outcome, code)
        return round(lo + low * (hi - lo)), round(lo + high * (hi - lo))

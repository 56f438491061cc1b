"""Compiled rule records: the catalogue (处罚事项目录), a list version (清单版本) with its items and scope
exclusions, and the discretion benchmark (裁量基准), built from the dicts of docs/rules-format.md.

A `RuleSet` is compiled once per list version: every `when` predicate becomes a closure and the items
are indexed by violation code and normalised name, so a decision never re-parses rule data.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .codegen import ItemsStep, compile_items_step
from .errors import RuleDataError
from .explain import cite_text, item_applies_text, item_unmet_text
from .predicates import Predicate, compile_when
from .vocabulary import LENIENT_LISTS, LIST_KINDS, normalize_name

Basis = dict[str, Any]
CitePlan = tuple[tuple[Any, Any], tuple[Any, Any, Any], bool, Basis, str]
"""A basis entry ready to cite: (law, article), (law, article, paragraph), whole article?, the entry, its text."""


class CitePlans(tuple[CitePlan, ...]):
    """The plans of one basis, with what citing them into an empty citation list adds (computed once):
    `fresh_bases`, `fresh_texts` and the `fresh_keys` of the cited set."""

    fresh_bases: tuple[Basis, ...]
    fresh_texts: tuple[str, ...]
    fresh_keys: frozenset[tuple[Any, ...]]


def cite_plans(basis: tuple[Any, ...]) -> CitePlans | None:
    """The citation keys and text of each basis entry, computed once (None when an entry is not a dict:
    such data is cited, and fails, the slow way)."""
    if not all(isinstance(b, dict) for b in basis):
        return None
    plans = []
    for b in basis:
        law, article, para = b.get("law"), b.get("article"), b.get("paragraph") or 0
        plans.append(((law, article), (law, article, para), not para, b, cite_text(b)))
    result = CitePlans(plans)
    cited: set[tuple[Any, ...]] = set()
    bases, texts = [], []
    for article, key, whole, entry, text in result:  # the rule of `Evaluation.cite`, from nothing cited
        if (whole and article in cited) or key in cited:
            continue
        cited.add(key)
        cited.add(article)
        bases.append(entry)
        texts.append(text)
    result.fresh_bases, result.fresh_texts, result.fresh_keys = tuple(bases), tuple(texts), frozenset(cited)
    return result


def _date(value: Any, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise RuleDataError(what, f"日期“{value}”格式无效，应为YYYY-MM-DD。") from exc


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
    trace_reads: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The facts its conditions read, sorted (the trace's `facts` keys), computed once."""
    unique_measures: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """`measures` without repeats, in order (what a decision adds when it has no measures yet)."""
    basis_cites: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The citation text of each `basis` entry (《…》第n条第m款), computed once."""
    set_reads: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The read facts that may hold a set (circumstances, extra values), sorted as lists in the trace."""
    basis_plans: tuple[CitePlan, ...] | None = field(default=None, repr=False, compare=False)
    """`basis` ready to cite (`cite_plans`)."""

    def failed(self, values: Mapping[str, Any]) -> builtins.list[Condition]:
        return [c for c in self.conditions if not c.predicate(values)]


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
    trace_reads: tuple[str, ...] = field(default=(), repr=False, compare=False)


def _condition(raw: dict[str, Any], declared: dict[str, str], where: str) -> Condition:
    if not isinstance(raw, dict) or "when" not in raw:
        raise RuleDataError(where, "条件须包含 when。")
    pred, reads = compile_when(raw["when"], declared)
    return Condition(id=str(raw.get("id") or ""), label=str(raw.get("label") or raw.get("id") or ""),
                     predicate=pred, reads=reads, exclusion=str(raw.get("exclusion") or "conditions_unmet"),
                     when=raw["when"])


def _item(raw: dict[str, Any], declared: dict[str, str], org_code: str) -> ItemRule:
    kind = raw.get("list")
    if kind not in LIST_KINDS:
        raise RuleDataError("items", f"清单事项“{raw.get('name', '')}”的清单类别“{kind}”无效。")
    seq = int(raw.get("seq") or 0)
    where = f"items[{kind}#{seq}]"
    conditions = tuple(_condition(c, declared, where) for c in raw.get("conditions") or ())
    return ItemRule(
        id=str(raw.get("id") or f"{org_code}-{kind}-{seq}"), list=kind, seq=seq, code=str(raw.get("code") or ""),
        name=str(raw.get("name") or ""), key=normalize_name(raw.get("name") or ""),
        violations=tuple(raw.get("violations") or ()), catch_all=bool(raw.get("catch_all")),
        excluded=frozenset(normalize_name(x) for x in raw.get("excluded_violations") or ()),
        situation=str(raw.get("situation") or ""),
        conditions=conditions, basis=tuple(raw.get("basis") or ()), measures=tuple(raw.get("measures") or ()),
        coercive_measures=frozenset(raw.get("coercive_measures") or ()), source_org=str(raw.get("source_org") or ""),
        trace_reads=(reads := tuple(sorted(frozenset().union(*(c.reads for c in conditions))))),
        set_reads=tuple(f for f in reads if f == "circumstances" or f.startswith("extra.")),
        unique_measures=tuple(dict.fromkeys(raw.get("measures") or ())),
        basis_cites=tuple(cite_text(b) if isinstance(b, dict) else "" for b in raw.get("basis") or ()),
        basis_plans=cite_plans(tuple(raw.get("basis") or ())),
    )


def _scope(raw: dict[str, Any], declared: dict[str, str]) -> ScopeExclusion:
    if not isinstance(raw, dict) or "when" not in raw:
        raise RuleDataError("scope_exclusions", "适用范围排除须包含 when。")
    pred, reads = compile_when(raw["when"], declared)
    lists = frozenset(raw.get("lists") or LIST_KINDS)
    return ScopeExclusion(id=str(raw.get("id") or raw.get("code") or ""), code=str(raw.get("code") or "conditions_unmet"),
                          label=str(raw.get("label") or ""), predicate=pred, reads=reads, lists=lists,
                          basis=tuple(raw.get("basis") or ()), when=raw["when"], trace_reads=tuple(sorted(reads)))


@dataclass(frozen=True)
class ViolationRef:
    """The violation a decision is about: its catalogue code (if catalogued) and its matching keys."""

    code: str | None
    name: str
    keys: frozenset[str]
    item_code: str | None = None

    def __hash__(self) -> int:
        # the dataclass hash of the four fields, computed once (refs key the memoised candidate lists)
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash((self.code, self.name, self.keys, self.item_code))
            object.__setattr__(self, "_hash", found)
        return found


class RuleSet:
    """One compiled list version (its own items or those it claimed, 认领, with provenance)."""

    def __init__(self, data: dict[str, Any]):
        org = data.get("org") or {}
        self.org_code: str = str(org.get("code") or "")
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
            self.declared[d["key"]] = d.get("type", "bool")
            self.declared_labels[d["key"]] = d.get("label", d["key"])
        self.scope: tuple[ScopeExclusion, ...] = tuple(_scope(s, self.declared) for s in data.get("scope_exclusions") or ())
        self.items: tuple[ItemRule, ...] = tuple(_item(i, self.declared, self.org_code) for i in data.get("items") or ())
        self._by_code: dict[str, list[ItemRule]] = {}
        self._by_key: dict[str, list[ItemRule]] = {}
        self._catch_all: dict[str, list[ItemRule]] = {k: [] for k in LIST_KINDS}
        for item in self.items:
            if item.catch_all:
                self._catch_all[item.list].append(item)
                continue
            for code in item.violations:
                self._by_code.setdefault(code, []).append(item)
            if item.code:
                self._by_code.setdefault(item.code, []).append(item)
            self._by_key.setdefault(item.key, []).append(item)
        self.item_keys = frozenset(self._by_key)
        # explanation fragments rendered once per item (keyed by the identity of the items this version holds)
        self.item_texts: dict[int, tuple[str, str]] = {
            id(item): (item_applies_text(item, self), item_unmet_text(item)) for item in self.items}
        self.explain_heads: dict[str, str] = {}
        # the contract's `list_item` of each item, copied into a decision that applies it
        self.item_refs: dict[int, dict[str, Any]] = {
            id(item): {"org": self.org_name, "list": item.list, "seq": item.seq, "code": item.code, "name": item.name,
                       "version": self.version, "id": item.id, "source_org": item.source_org or self.org_name}
            for item in self.items}
        self._candidates: dict[ViolationRef, list[ItemRule]] = {}
        self._lenient: dict[ViolationRef, list[ItemRule]] = {}
        self._steps: dict[ViolationRef, ItemsStep | None] = {}
        self.label: str = f"{self.org_code}/{self.version}"
        # the step-1 trace entry naming this version (shared by its decisions; never mutated)
        self.version_trace: dict[str, Any] = {"step": 1, "rule": "version_in_force", "kind": "version",
                                              "result": self.label, "facts": {}}
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

    def candidates(self, ref: ViolationRef) -> list[ItemRule]:
        """Items naming this violation (by code, name or item code), then catch-all items not excluding it;
        ordered most lenient list first, specific before catch-all, then by seq (memoised per violation)."""
        found = self._candidates.get(ref)
        if found is None:
            if len(self._candidates) > 4096:
                self._candidates.clear()
                self._lenient.clear()
                self._steps.clear()
            found = self._candidates[ref] = self._find_candidates(ref)
        return found

    def _find_candidates(self, ref: ViolationRef) -> list[ItemRule]:
        seen: dict[str, ItemRule] = {}
        for code in (ref.code, ref.item_code):
            for item in self._by_code.get(code or "", ()):
                seen.setdefault(item.id + item.list, item)
        for key in ref.keys:
            for item in self._by_key.get(key, ()):
                seen.setdefault(item.id + item.list, item)
        for kind in LIST_KINDS:
            for item in self._catch_all[kind]:
                if not ((ref.code and normalize_name(ref.code) in item.excluded) or (ref.keys & item.excluded)):
                    seen.setdefault(item.id + item.list, item)
        order = {k: i for i, k in enumerate(LIST_KINDS)}
        return sorted(seen.values(), key=lambda i: (order[i.list], i.catch_all, i.seq))

    def lenient_candidates(self, ref: ViolationRef) -> list[ItemRule]:
        """`candidates` of the lenient lists only (memoised per violation)."""
        found = self._lenient.get(ref)
        if found is None:
            found = self._lenient[ref] = [i for i in self.candidates(ref) if i.list in LENIENT_LISTS]
        return found

    def items_step(self, ref: ViolationRef) -> ItemsStep | None:
        """Step 3 for this violation as a generated function (codegen.py) over `lenient_candidates`, compiled
        once per version and violation; None when the version has no candidate for it."""
        try:
            return self._steps[ref]
        except KeyError:
            pass
        candidates = self.lenient_candidates(ref)
        step = compile_items_step(candidates, f"<{self.label} {ref.code or ref.name}>") if candidates else None
        if len(self._steps) > 4096:
            self._steps.clear()
        self._steps[ref] = step
        return step

    def match(self, ref: ViolationRef, values: Mapping[str, Any], trace: list[Any] | None = None) -> ItemRule | None:
        """The first lenient item whose every condition holds (the decision-table step, no scope or statutes),
        appending one trace entry per item tried when `trace` is given."""
        for item in self.lenient_candidates(ref):
            failed = item.failed(values)
            if trace is not None:
                trace.append({"rule": item.id, "result": "failed" if failed else "fulfilled",
                              "failed": [c.id for c in failed]})
            if not failed:
                return item
        return None


@dataclass(frozen=True)
class CatalogueEntry:
    """处罚事项: a catalogued violation with its penalty article and statutory fine range (yuan)."""

    code: str
    name: str
    keys: frozenset[str]
    penalty: tuple[Basis, ...]
    fine_min: int
    fine_max: int
    overdue: dict[str, Any] = field(default_factory=dict, compare=False)
    penalty_cites: tuple[str, ...] = field(default=(), repr=False, compare=False)
    penalty_plans: tuple[CitePlan, ...] | None = field(default=None, repr=False, compare=False)


def catalogue_entry(raw: dict[str, Any]) -> CatalogueEntry:
    names = [raw.get("name") or "", *(raw.get("aliases") or ())]
    return CatalogueEntry(code=str(raw["code"]), name=str(raw.get("name") or ""),
                          keys=frozenset(normalize_name(n) for n in names if n),
                          penalty=tuple(raw.get("penalty") or ()), fine_min=int(raw.get("fine_min") or 0),
                          fine_max=int(raw.get("fine_max") or 0), overdue=dict(raw.get("overdue") or {}),
                          penalty_cites=tuple(cite_text(b) if isinstance(b, dict) else "" for b in raw.get("penalty") or ()),
                          penalty_plans=cite_plans(tuple(raw.get("penalty") or ())))


class Benchmark:
    """裁量基准: fine-band fractions per outcome (per-violation overrides on defaults) and aggravating facts."""

    DEFAULT = {"lighter": (0.0, 0.3), "standard": (0.3, 0.7), "heavier": (0.7, 1.0), "reduced": (0.0, 0.0)}

    def __init__(self, data: dict[str, Any] | None):
        data = data or {}
        self.default = {**self.DEFAULT, **{k: tuple(v) for k, v in (data.get("default") or {}).items()}}
        self.violations = {code: {k: tuple(v) for k, v in bands.items()}
                           for code, bands in (data.get("violations") or {}).items()}
        self.aggravating = tuple(data.get("aggravating") or ())
        self.aggravating_codes = frozenset(a for a in self.aggravating if isinstance(a, str))
        self._fractions: dict[tuple[str, str], tuple[float, float]] = {}
        self._bands: dict[tuple[str, str, int, int], tuple[int, int]] = {}
        self.fines: dict[tuple[str, str, int, int], Any] = {}
        """`Fine` per (outcome, violation code, statutory min, max), built by `decide` once each."""

    def band(self, outcome: str, code: str | None, lo: int, hi: int) -> tuple[int, int]:
        """The fine band in yuan for the outcome within the range lo–hi (memoised: a function of the benchmark
        and the catalogue's ranges only)."""
        key = (outcome, code or "", lo, hi)
        found = self._bands.get(key)
        if found is None:
            fractions = self.fractions(outcome, code)
            found = round(lo + fractions[0] * (hi - lo)), round(lo + fractions[1] * (hi - lo))
            if len(self._bands) < 4096:
                self._bands[key] = found
        return found

    def fractions(self, outcome: str, code: str | None) -> tuple[float, float]:
        key = (outcome, code or "")
        found = self._fractions.get(key)
        if found is None:
            override = self.violations.get(code or "", {})
            lo, hi = override.get(outcome) or self.default.get(outcome) or (0.0, 1.0)
            found = float(lo), float(hi)
            if len(self._fractions) < 4096:
                self._fractions[key] = found
        return found

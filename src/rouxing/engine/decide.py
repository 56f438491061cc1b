"""The decision pipeline (裁量): the contract's rule order, applied to one set of facts.

1. the list version in force on `date` (own or claimed) is the rule set;
2. scope exclusions refuse the items of the lists they cover;
3. the most lenient list item whose every condition holds applies (no_penalty, reduced, lighter;
   specific items before catch-all ones); two items of one level holding with different results are a
   conflict (RuleConflictError);
4. statutory 应当 rules (行政处罚法 arts. 30, 32, 33 para. 2) apply with or without a list item;
5. no_penalty always brings 说服教育 (art. 33 para. 3);
6. 可以 leniency no list granted (art. 33 para. 1 sentence 2) is offered, the outcome unchanged;
7. otherwise standard, or heavier where the benchmark's aggravating facts hold, with the fine band.
With a `violation_date` whose version differs, both versions are evaluated and the more lenient applies
(从旧兼从轻, art. 37).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

from . import statutes as st
from .codegen import ItemsStep
from .decision import Coercion, Decision, Fine, Option
from .errors import EngineInputError, RuleConflictError
from .explain import cite_text, explain
from .facts import Facts, _checked_facts, _fast_facts, frozen_instance, parse_facts
from .rules import Benchmark, CatalogueEntry, CitePlan, CitePlans, ItemRule, RuleSet, ViolationRef, cite_plans
from .source import History, InMemoryRuleSource, NoHistory, OrgInfo
from .vocabulary import (
    COERCIVE_MEASURES,
    CORRECTED_IN_TIME,
    ENGINE_VERSION,
    LIST_LABELS,
    OUTCOME_LABELS,
    RANK,
    normalize_name,
)

_ART33_3 = (st.ART33_3.as_dict(), cite_text(st.ART33_3.as_dict()))
_ART37 = (st.ART37.as_dict(), cite_text(st.ART37.as_dict()))
_ART33_3_PLAN = cite_plans((st.ART33_3.as_dict(),)) or ()
_ART33_1 = st.ART33_1.as_dict()
_NO_HISTORY = NoHistory()
_NOTHING_REFUSED: frozenset[str] = frozenset()
# constant trace entries, shared by every decision (read-only: `Decision.to_dict` copies each entry)
_NO_VERSION_TRACE = {"step": 1, "rule": "version_in_force", "kind": "version", "result": "none", "facts": {}}
_EDUCATION_TRACE = {"step": 5, "rule": "xzcf_33_3_education", "kind": "statute", "result": "applies", "facts": {}}
_GIVEN_FIRST_TRACE = {first: {"step": 0, "rule": "first_violation", "kind": "fact", "result": "given",
                              "facts": {"first_violation": first}} for first in (True, False)}


class Evaluation:
    """The result of steps 1–7 under one list version (before 从旧兼从轻 and coercion).

    `statutes`, `options`, `scope_hits` and `unmet` start as the shared empty tuple and are replaced when
    something is added (most decisions add nothing to them); `options` and `unmet` stay tuples, as the
    decision holds them."""

    __slots__ = ("version", "outcome", "mandatory", "item", "statutes", "basis", "measures", "exclusions", "options",
                 "unmet", "nearest", "scope_hits", "fine", "trace", "cites", "_cited")

    def __init__(self, version: RuleSet | None):
        self.version = version
        self.trace: list[dict[str, Any]] = [version.version_trace if version is not None else _NO_VERSION_TRACE]
        self.outcome: str = "standard"
        self.mandatory: bool = True
        self.item: ItemRule | None = None
        self.statutes: Sequence[st.StatuteResult] = ()
        self.basis: list[dict[str, Any]] = []
        self.measures: list[str] = []
        self.exclusions: list[str] = []
        self.options: tuple[Option, ...] = ()
        self.unmet: tuple[str, ...] = ()
        self.nearest: ItemRule | None = None
        self.scope_hits: Sequence[Any] = ()
        self.fine: Fine | None = None
        self.cites: list[str] = []
        # cited (law, article, paragraph) and (law, article): one set, the two never equal (lengths differ)
        self._cited: set[tuple[Any, ...]] = set()

    def exclude(self, code: str) -> None:
        if code not in self.exclusions:
            self.exclusions.append(code)

    def cite(self, basis: dict[str, Any], text: str | None = None) -> None:
        """Add a provision unless already cited: the same paragraph, or (for a whole article, paragraph 0)
        any paragraph of that article. `text` is its citation 《…》第n条第m款 when precomputed."""
        article = (basis.get("law"), basis.get("article"))
        para = basis.get("paragraph") or 0
        cited = self._cited
        if (para == 0 and article in cited) or (*article, para) in cited:
            return
        cited.add((*article, para))
        cited.add(article)
        self.basis.append(dict(basis))
        self.cites.append(cite_text(basis) if text is None else text)

    def cite_basis(self, plans: tuple[CitePlan, ...] | None, basis: tuple[dict[str, Any], ...], texts: tuple[str, ...]) -> None:
        """Cite an item's basis or an entry's penalty articles: through their plans, else one by one."""
        if plans is not None:
            self.cite_all(plans)
        else:
            for b, text in zip(basis, texts, strict=True):
                self.cite(b, text)

    def cite_all(self, plans: tuple[CitePlan, ...]) -> None:
        """`cite` for entries whose keys and text were computed once (`rules.cite_plans`)."""
        cited, bases, cites = self._cited, self.basis, self.cites
        if not cited and type(plans) is CitePlans:  # nothing cited yet: what these plans add was computed once
            bases += plans.fresh_bases
            cites += plans.fresh_texts
            cited.update(plans.fresh_keys)
            return
        for article, key, whole, basis, text in plans:
            if (whole and article in cited) or key in cited:
                continue
            cited.add(key)
            cited.add(article)
            bases.append(basis)  # the plan's own dict, shared and read-only (`Decision.to_dict` copies it)
            cites.append(text)


def _item_read(item: ItemRule, values: Mapping[str, Any]) -> dict[str, Any]:
    """The facts an item's conditions read, for the trace (sorted keys; sets as sorted lists)."""
    get = values.get
    read = {key: get(key) for key in item.trace_reads}
    for key in item.set_reads:
        if isinstance(value := read[key], frozenset):
            read[key] = sorted(value)
    return read


def _read(values: dict[str, Any], facts: tuple[str, ...]) -> dict[str, Any]:
    """The facts a rule read, for the trace (`facts` sorted; sets as sorted lists)."""
    return {f: sorted(v) if isinstance(v := values.get(f), frozenset) else v for f in facts}


def item_ref(item: ItemRule, version: RuleSet) -> dict[str, Any]:
    """The contract's `list_item`: the bureau and version it belongs to; a claimed (认领) item also names the
    bureau it came from in `source_org`."""
    template = version.item_refs.get(id(item))
    if template is not None and template["id"] == item.id:
        return template  # shared and read-only, like the constant trace entries (`Decision.to_dict` copies it)
    return {"org": version.org_name, "list": item.list, "seq": item.seq, "code": item.code, "name": item.name,
            "version": version.version, "id": item.id, "source_org": item.source_org or version.org_name}


# -- steps 2 and 3: scope exclusions and list items -------------------------------------------------------

def _scope(ev: Evaluation, facts: Facts, values: dict[str, Any]) -> set[str]:
    refused: set[str] = set()
    version = ev.version
    for sc in version.scope if version else ():
        hit = sc.predicate(values)
        ev.trace.append({"step": 2, "rule": sc.id, "kind": "scope_exclusion", "result": "applies" if hit else "not_applicable",
                         "facts": _read(values, sc.trace_reads)})
        if hit:
            refused |= sc.lists
            ev.scope_hits = [*ev.scope_hits, sc]
            ev.exclude(sc.code)
    if "suspected_crime" in facts.circumstances:
        refused |= {"no_penalty", "reduced", "lighter"}
        ev.exclude("suspected_crime")
        ev.trace.append({"step": 2, "rule": "suspected_crime", "kind": "statute", "result": "applies",
                         "facts": {"circumstances": sorted(facts.circumstances)}})
    return refused


def _check_conflict(held: list[ItemRule], version: RuleSet) -> None:
    first = held[0]
    for other in held[1:]:
        same_level = other.list == first.list and other.catch_all == first.catch_all
        if same_level and set(other.measures) != set(first.measures):
            raise RuleConflictError(
                "violation",
                f"清单冲突：{version.org_name}清单版本{version.version}的{LIST_LABELS[first.list]}第{first.seq}项与第"
                f"{other.seq}项同时适用但配套措施不同，须由清单管理员修正清单，系统不按行序取舍。")


_LIST_ORDER = {"no_penalty": 0, "reduced": 1, "lighter": 2}
_LABEL = attrgetter("label")


def _nearness(tried: tuple[ItemRule, tuple[Any, ...]]) -> tuple[Any, ...]:
    item, failed = tried
    return len(failed), _LIST_ORDER[item.list], item.catch_all, item.seq


def items_interpreted(candidates: list[ItemRule], values: Mapping[str, Any], refused: Any, trace: list[Any],
                      exclusions: list[str]) -> tuple[list[ItemRule], list[tuple[ItemRule, tuple[Any, ...]]], list[ItemRule]]:
    """Step 3 by calling each condition's closure: the reference for the generated `RuleSet.items_step`
    (codegen.py), same signature and results: the items that hold (one level), the failed items tried before
    one held (with their failed conditions) and the items refused by a scope exclusion."""
    tried: list[tuple[ItemRule, tuple[Any, ...]]] = []
    held: list[ItemRule] = []
    refused_items: list[ItemRule] = []
    for item in candidates:
        if held and (item.list != held[0].list or item.catch_all != held[0].catch_all):
            break
        if item.list in refused:
            refused_items.append(item)
            trace.append({"step": 3, "rule": item.id, "kind": "list_item", "list": item.list, "seq": item.seq,
                          "result": "refused_by_scope", "facts": {}})
            continue
        failed = tuple(c for c in item.conditions if not c.predicate(values))
        trace.append({"step": 3, "rule": item.id, "kind": "list_item", "list": item.list, "seq": item.seq,
                      "result": "failed" if failed else "fulfilled", "failed": [c.id for c in failed],
                      "facts": _item_read(item, values)})
        if not failed:
            held.append(item)
        elif not held:
            tried.append((item, failed))
            for cond in failed:
                if cond.exclusion not in exclusions:
                    exclusions.append(cond.exclusion)
    return held, tried, refused_items


def _items(ev: Evaluation, facts: Facts, first: bool | None, harm: str | None, refused: set[str] | frozenset[str],
           step: ItemsStep | None) -> None:
    """Step 3 through `step`, the version's generated list step for the violation (None: no candidate);
    when no item holds, `unmet_conditions` are the labels of the nearest item (fewest failed conditions)."""
    if step is None:
        ev.exclude("not_on_list")
        ev.trace.append({"step": 3, "rule": "list_items", "kind": "list_item", "result": "no_candidate", "facts": {}})
        return
    held, tried, refused_items = step(facts, first, harm, refused, ev.trace, ev.exclusions)
    if held:
        if len(held) > 1:
            assert ev.version is not None  # held items come from a version
            _check_conflict(held, ev.version)
        ev.item = held[0]
        ev.outcome = held[0].list
    elif tried:
        item, failed = min(tried, key=_nearness) if len(tried) > 1 else tried[0]
        ev.nearest = item
        ev.unmet = tuple(map(_LABEL, failed))
    elif refused_items:
        # every candidate was refused by a scope exclusion: what would have to be true is its absence
        item = refused_items[0]
        ev.nearest = item
        ev.unmet = (*[f"不属于“{sc.label or sc.code}”的情形" for sc in ev.scope_hits if item.list in sc.lists],
                    *[c.label for c in item.failed(facts.values(first))])


# -- steps 4 to 7 ----------------------------------------------------------------------------------------

def _list_mandatory(ev: Evaluation, facts: Facts) -> bool:
    if ev.outcome == "no_penalty":
        # a list item establishes 轻微; with no harm and timely correction art. 33 para. 1 sentence 1 says 应当
        return facts.effective_harm == "none" and facts.corrected in CORRECTED_IN_TIME
    return any(RANK[s.outcome] >= RANK[ev.outcome] or s.also_allows == ev.outcome for s in ev.statutes)


_RULE_NAMES = st.MANDATORY_RULE_NAMES


def _statutes(ev: Evaluation, facts: Facts, circumstances: list[str]) -> None:
    party = facts.party
    read = {"party.age": party.age, "party.kind": party.kind, "circumstances": circumstances}
    trace = ev.trace
    if st.mandatory_rules_may_apply(facts):
        found = []
        for rule in st.MANDATORY_RULES:
            result = rule(facts)
            trace.append({"step": 4, "rule": rule.__name__, "kind": "statute",
                          "result": "applies" if result else "not_applicable", "facts": read})
            if result:
                found.append(result)
        ev.statutes = found
    else:
        trace += [{"step": 4, "rule": name, "kind": "statute", "result": "not_applicable", "facts": read}
                  for name in _RULE_NAMES]
    item = ev.item
    if item is not None:
        ev.cite_basis(item.basis_plans, item.basis, item.basis_cites)
        measures = ev.measures
        if measures:
            measures.extend(m for m in item.measures if m not in measures)
        else:
            measures.extend(item.unique_measures)
    if not ev.statutes:
        ev.mandatory = _list_mandatory(ev, facts) if item is not None else True
        return
    mandatory = _list_mandatory(ev, facts) if item is not None else True
    for s in ev.statutes:
        ev.cite(s.basis.as_dict())
        if RANK[s.outcome] < RANK[ev.outcome]:
            ev.outcome, mandatory, ev.item = s.outcome, True, None
        elif RANK[s.outcome] == RANK[ev.outcome]:
            mandatory = True
        ev.measures.extend(m for m in s.measures if m not in ev.measures)
    ev.mandatory = mandatory


def _education(ev: Evaluation) -> None:
    if ev.outcome == "no_penalty":
        if st.EDUCATION not in ev.measures:
            ev.measures.insert(0, st.EDUCATION)
        ev.cite_all(_ART33_3_PLAN)
        ev.trace.append(_EDUCATION_TRACE)


_FIRST_VIOLATION_REASON = ("当事人初次违法且危害后果轻微并及时改正，依据《中华人民共和国行政处罚法》第三十三条第一款，"
                           "可以不予行政处罚（须书面说明理由）。")
# immutable apart from its basis dict, which is shared and read-only (`Option.as_dict` copies it)
_FIRST_VIOLATION_OPTIONS = (Option("no_penalty", (_ART33_1,), _FIRST_VIOLATION_REASON),)


def _options(ev: Evaluation, facts: Facts, first: bool | None) -> None:
    outcome = ev.outcome
    if outcome != "no_penalty":
        harm = facts.effective_harm
        open_, missing = st.first_violation_option(facts, first, harm)
        if ev.scope_hits:
            open_ = False
        ev.trace.append({"step": 6, "rule": "xzcf_33_1_first_violation", "kind": "statute",
                         "result": "offered" if open_ else "not_applicable", "missing": missing,
                         "facts": {"first_violation": first, "harm": harm, "corrected": facts.corrected}})
        if open_:
            ev.options = _FIRST_VIOLATION_OPTIONS
        elif ev.item is None and (outcome == "standard" or outcome == "heavier"):
            for code in missing:
                ev.exclude(code)
    if outcome == "lighter":
        for s in ev.statutes:
            if s.also_allows == "reduced":
                ev.options = (*ev.options, Option("reduced", (s.basis.as_dict(),),
                                                  f"{s.reason}可以在从轻与减轻之间选择减轻行政处罚（须书面说明理由）。"))
                break
    if ev.options and (outcome == "standard" or outcome == "heavier"):
        ev.mandatory = False


def _fine(ev: Evaluation, facts: Facts, entry: CatalogueEntry | None, benchmark: Benchmark,
          circumstances: list[str]) -> None:
    outcome = ev.outcome
    if outcome == "standard":
        aggravating = not benchmark.aggravating_codes.isdisjoint(facts.circumstances)
        ev.trace.append({"step": 7, "rule": "benchmark_aggravating", "kind": "benchmark",
                         "result": "applies" if aggravating else "not_applicable",
                         "facts": {"circumstances": circumstances}})
        if aggravating:
            outcome = ev.outcome = "heavier"
    if entry is None or outcome == "no_penalty":
        return
    _fine_band(ev, entry, benchmark, outcome, facts.corrected)


def _fine_band(ev: Evaluation, entry: CatalogueEntry, benchmark: Benchmark, outcome: str, corrected: str | None) -> None:
    """The statutory range (overdue range when 逾期未改正/拒不改正), its citation for standard/heavier, the band."""
    lo, hi = entry.fine_min, entry.fine_max
    if (corrected == "overdue" or corrected == "refused") and entry.overdue.get("fine_max"):
        lo, hi = int(entry.overdue.get("fine_min") or 0), int(entry.overdue["fine_max"])
    if outcome == "standard" or outcome == "heavier":
        if (plans := entry.penalty_plans) is not None:
            ev.cite_all(plans)
        else:
            ev.cite_basis(None, entry.penalty, entry.penalty_cites)
    fines = benchmark.fines
    key = (outcome, entry.code, lo, hi)
    fine = fines.get(key)
    if fine is None:
        # a function of the benchmark and the catalogue's ranges only (Fine is immutable: shared)
        band = ((0, lo) if lo > 0 else (0, 0)) if outcome == "reduced" else benchmark.band(outcome, entry.code, lo, hi)
        fine = frozen_instance(Fine, {"statutory_min": lo, "statutory_max": hi, "band_min": band[0], "band_max": band[1]})
        if len(fines) < 4096:
            fines[key] = fine
    ev.fine = fine


def evaluate_version(facts: Facts, first: bool | None, harm: str | None, version: RuleSet | None,
                     step: ItemsStep | None, entry: CatalogueEntry | None, benchmark: Benchmark) -> Evaluation:
    """Steps 1–7 of the contract under one list version (`first`: the first_violation used, `harm`: the
    effective harm, `step`: the version's list step for the violation, `version.items_step(ref)`)."""
    ev = Evaluation(version)
    if (version is not None and version.scope) or "suspected_crime" in facts.circumstances:
        refused: set[str] | frozenset[str] = _scope(ev, facts, facts.values(first))
    else:
        refused = _NOTHING_REFUSED  # no scope exclusion to try (the usual case)
    _items(ev, facts, first, harm, refused, step)
    if ev.scope_hits or st.mandatory_rules_may_apply(facts):
        circumstances = sorted(facts.circumstances) if facts.circumstances else []
        _statutes(ev, facts, circumstances)
        _education(ev)
        _options(ev, facts, first)
        _fine(ev, facts, entry, benchmark, circumstances)
    else:
        _plain_steps_4_to_7(ev, facts, first, entry, benchmark, harm)
    return ev


# Trace entries of steps 4, 6 and 7 on the plain path, per small tuple of enumerated values (age, party kind,
# circumstances, and for steps 6 and 7 first violation, harm, correction, aggravation), never per decision
# input; shared and read-only like the constant entries above (`Decision.to_dict` copies each entry).
_PLAIN: dict[tuple[Any, ...], tuple[tuple[dict[str, Any], ...], tuple[str, ...]]] = {}
_STEP4_ONLY = 0  # a no_penalty list item: step 4's entries, then step 5
_STEPS_4_6 = 1  # a reduced or lighter list item: steps 4 and 6
_STEPS_4_6_7 = 2  # no list item: steps 4, 6 and 7


def _plain_entries(age: int | None, kind: str, given: frozenset[str], first: bool | None, harm: str | None,
                   corrected: str | None, steps: int, aggravating: bool) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...]]:
    """The trace entries of the plain path's steps and the codes step 6 found missing (built once per key)."""
    key = (age, kind, given, first, harm, corrected, steps, aggravating)
    found = _PLAIN.get(key)
    if found is None:
        listed = sorted(given)
        read = {"party.age": age, "party.kind": kind, "circumstances": listed}
        entries = [{"step": 4, "rule": name, "kind": "statute", "result": "not_applicable", "facts": read}
                   for name in _RULE_NAMES]
        missing: list[str] = []
        if steps != _STEP4_ONLY:
            missing = st.first_violation_missing(first, harm, corrected, given)
            entries.append({"step": 6, "rule": "xzcf_33_1_first_violation", "kind": "statute",
                            "result": "not_applicable" if missing else "offered", "missing": missing,
                            "facts": {"first_violation": first, "harm": harm, "corrected": corrected}})
        if steps == _STEPS_4_6_7:
            entries.append({"step": 7, "rule": "benchmark_aggravating", "kind": "benchmark",
                            "result": "applies" if aggravating else "not_applicable", "facts": {"circumstances": listed}})
        found = (tuple(entries), tuple(missing))
        if len(_PLAIN) < 4096:
            _PLAIN[key] = found
    return found


def _plain_steps_4_to_7(ev: Evaluation, facts: Facts, first: bool | None, entry: CatalogueEntry | None,
                        benchmark: Benchmark, harm: str | None) -> None:
    """Steps 4–7 when no scope exclusion hit and no mandatory statute can apply (the screen said so): the
    same as `_statutes`, `_education`, `_options` and `_fine` in turn, written out in one function
    (tests/engine/test_golden.py and test_codegen.py compare both ways)."""
    party = facts.party
    given = facts.circumstances
    item = ev.item
    corrected = facts.corrected
    if item is not None:  # step 4 with a list item: its basis and measures; step 5 for no_penalty
        ev.cite_basis(item.basis_plans, item.basis, item.basis_cites)
        measures = ev.measures
        measures.extend(item.unique_measures)
        if item.list == "no_penalty":
            ev.trace += _plain_entries(party.age, party.kind, given, None, None, None, _STEP4_ONLY, False)[0]
            ev.mandatory = harm == "none" and corrected in CORRECTED_IN_TIME
            if st.EDUCATION not in measures:
                measures.insert(0, st.EDUCATION)
            ev.cite_all(_ART33_3_PLAN)
            ev.trace.append(_EDUCATION_TRACE)
            return
        ev.mandatory = False  # no statute: a reduced or lighter item is the bureau's 可以
        steps, aggravating = _STEPS_4_6, False
    else:
        steps, aggravating = _STEPS_4_6_7, not benchmark.aggravating_codes.isdisjoint(given)  # step 7
    age, kind = party.age, party.kind
    entries, missing = (_PLAIN.get((age, kind, given, first, harm, corrected, steps, aggravating))
                        or _plain_entries(age, kind, given, first, harm, corrected, steps, aggravating))
    ev.trace += entries
    if not missing:  # step 6
        ev.options = _FIRST_VIOLATION_OPTIONS
        if item is None:
            ev.mandatory = False
    elif item is None:
        exclusions = ev.exclusions
        for code in missing:
            if code not in exclusions:
                exclusions.append(code)
    outcome = ev.outcome
    if aggravating:
        outcome = ev.outcome = "heavier"
    if entry is not None:
        _fine_band(ev, entry, benchmark, outcome, corrected)


# -- input checks, history, coercion --------------------------------------------------------------------

def _check_extra(facts: Facts, source: InMemoryRuleSource, org: OrgInfo) -> None:
    if not facts.extra:
        return
    declared = source.declared_facts(org.code)
    for key, value in facts.extra:
        kind = declared.get(key)
        if kind is None:
            raise EngineInputError(f"extra.{key}", f"字段“extra.{key}”不是{org.name}清单版本声明的条件，不能使用。")
        ok = {"bool": isinstance(value, bool), "int": isinstance(value, int) and not isinstance(value, bool),
              "number": isinstance(value, (int, float)) and not isinstance(value, bool),
              "str": isinstance(value, str)}.get(kind, True)
        if not ok:
            raise EngineInputError(f"extra.{key}", f"字段“extra.{key}”的值“{value}”类型不符（应为{kind}）。")


def _same(ref: ViolationRef, other: ViolationRef | None, name: str | None) -> bool:
    if other is not None:
        return bool((ref.code and other.code == ref.code) or (ref.keys & other.keys))
    return normalize_name(name or "") in ref.keys


def _first_violation(facts: Facts, ref: ViolationRef, org: OrgInfo, source: InMemoryRuleSource,
                     history: History) -> tuple[bool, dict[str, Any]]:
    if facts.first_violation is not None:
        return facts.first_violation, {"step": 0, "rule": "first_violation", "kind": "fact", "result": "given",
                                       "facts": {"first_violation": facts.first_violation}}
    since = facts.date - dt.timedelta(days=org.lookback_days)
    found: list[str] = []
    for p in facts.prior_violations:
        other = source.resolve_violation(org.code, violation=p.violation, item_code=p.item_code)
        if since <= p.date < facts.date and _same(ref, other, p.violation or p.item_code):
            found.append(p.date.isoformat())
    for _code, day in history.prior_violations(party=facts.party.as_dict(), violation_code=ref.code or ref.name,
                                               before=facts.date):
        if since <= day < facts.date:
            found.append(day.isoformat())
    first = not found
    return first, {"step": 0, "rule": "first_violation", "kind": "fact", "result": "computed",
                   "facts": {"lookback_days": org.lookback_days, "since": since.isoformat(), "prior": sorted(found),
                             "first_violation": first}}


def _derived(facts: Facts) -> list[dict[str, Any]]:
    if facts.effective_harm == facts.harm:
        return []
    return [{"step": 0, "rule": "accident_implies_harm", "kind": "fact", "result": "applies",
             "facts": {"harm": facts.harm, "circumstances": sorted(facts.circumstances), "effective_harm": facts.effective_harm}}]


def _coercion(facts: Facts, ev: Evaluation, ref: ViolationRef, values: dict[str, Any]) -> tuple[Coercion | None, ItemRule | None]:
    """Whether the asked coercive measure may be used: a no_coercion item refuses it (行政强制法 arts. 5, 16),
    else 停止供电 needs the facts of 安全生产法 art. 70, else it is allowed within art. 5 (最小侵害)."""
    measure = facts.coercive_measure
    if measure is None:
        return None, None
    label = COERCIVE_MEASURES[measure]
    item = _no_coercion_item(ev, ref, values, measure)
    if item is not None:
        version = ev.version
        assert version is not None  # the item comes from a version
        basis = (*item.basis, st.QZ5.as_dict(), st.QZ16_2.as_dict())
        reason = (f"适用{item.source_org or version.org_name}不予实施行政强制措施清单第{item.seq}项“{item.name}”，"
                  f"不予采取{label}；采用非强制手段可以达到行政管理目的（行政强制法第五条）。")
        return Coercion(measure, False, basis, reason, item_ref(item, version)), item
    if measure == "power_cut" and not st.power_cut_allowed(facts):
        ev.trace.append({"step": 8, "rule": "aqsc_70_power_cut", "kind": "statute", "result": "refused",
                         "facts": {"circumstances": sorted(facts.circumstances), "corrected": facts.corrected}})
        return Coercion(measure, False, (st.AQ70.as_dict(), st.QZ5.as_dict()),
                        "停止供电仅适用于存在重大事故隐患、拒不执行停产停业等决定且有发生生产安全事故现实危险的情形"
                        "（安全生产法第七十条），本案事实不具备，不得采取。"), None
    return Coercion(measure, True, (st.QZ5.as_dict(),),
                    f"该情形未列入不予实施行政强制措施清单，可以依法采取{label}；实施应当适当，"
                    "采用非强制手段可以达到行政管理目的的，不得实施（行政强制法第五条）。"), None


def _no_coercion_item(ev: Evaluation, ref: ViolationRef, values: dict[str, Any], measure: str) -> ItemRule | None:
    version = ev.version
    refused = set().union(*(sc.lists for sc in ev.scope_hits)) if ev.scope_hits else set()
    for item in version.candidates(ref) if version else []:
        if item.list != "no_coercion" or (item.coercive_measures and measure not in item.coercive_measures):
            continue
        if "no_coercion" in refused:
            ev.trace.append({"step": 8, "rule": item.id, "kind": "list_item", "list": "no_coercion", "seq": item.seq,
                             "result": "refused_by_scope", "facts": {}})
            continue
        failed = item.failed(values)
        ev.trace.append({"step": 8, "rule": item.id, "kind": "list_item", "list": "no_coercion", "seq": item.seq,
                         "result": "failed" if failed else "fulfilled", "failed": [c.id for c in failed],
                         "facts": _item_read(item, values)})
        if not failed:
            return item
    return None


def _resolve(facts: Facts, source: InMemoryRuleSource) -> tuple[OrgInfo, ViolationRef]:
    org = source.org(facts.org)
    if org is None:
        raise EngineInputError("org", f"未知的执法机关“{facts.org}”：请填写系统中已登记的机关名称或代码。")
    _check_extra(facts, source, org)
    ref = source.resolve_violation(org.code, violation=facts.violation, item_code=facts.item_code)
    if ref is None:
        if facts.item_code:
            raise EngineInputError("item_code", f"未知的事项编码“{facts.item_code}”：处罚事项目录和{org.name}的清单中均无此编码。")
        raise EngineInputError("violation", f"未知的违法行为“{facts.violation}”：处罚事项目录和{org.name}的清单中均无此事项名称。")
    return org, ref


def decide(raw: Any, source: InMemoryRuleSource, history: History | None = None, *,
           today: dt.date | None = None) -> Decision:
    """Decide one case: contract JSON (or `Facts`) in, `Decision` out; raises EngineInputError on bad input."""
    if type(raw) is dict:  # `parse_facts` written out for its usual case
        facts = _fast_facts(raw, today) or _checked_facts(raw, today)
    else:
        facts = parse_facts(raw, today=today)
    found = source.route_on(facts.org, facts.violation, facts.item_code, facts.date)
    if found is None:
        _resolve(facts, source)  # raises the error naming the unknown bureau or violation
        raise AssertionError("unreachable: an unresolved route is an unknown bureau or violation")
    (org, ref, entry, benchmark, violation), version, step = found
    if facts.extra:
        _check_extra(facts, source, org)
    first = facts.first_violation
    if first is not None:
        first_trace = _GIVEN_FIRST_TRACE[first]
    else:
        first, first_trace = _first_violation(facts, ref, org, source, history or _NO_HISTORY)
    harm = facts.effective_harm
    ev = evaluate_version(facts, first, harm, version, step, entry, benchmark)
    compared = None
    if facts.violation_date is not None:
        old_version = source.version_in_force(org.code, facts.violation_date)
        if old_version is not version:
            old = evaluate_version(facts, first, harm, old_version,
                                   old_version.items_step(ref) if old_version is not None else None, entry, benchmark)
            compared = (old, ev)
            ev = ev if RANK[ev.outcome] < RANK[old.outcome] else old
            ev.cite(*_ART37)
            for e in compared:
                ev.trace.append({"step": 9, "rule": "xzcf_37_lenient_law", "kind": "statute",
                                 "result": "chosen" if e is ev else "compared", "version": e.version.label if e.version else "none",
                                 "outcome": e.outcome, "facts": {"violation_date": facts.violation_date.isoformat(),
                                                                 "date": facts.date.isoformat()}})
    coercion, coercion_item = (_coercion(facts, ev, ref, facts.values(first)) if facts.coercive_measure is not None
                               else (None, None))
    item = ev.item or coercion_item
    version = ev.version
    exclusions, measures = tuple(ev.exclusions), tuple(ev.measures)
    return Decision(
        ev.outcome, OUTCOME_LABELS[ev.outcome], ev.mandatory,
        item_ref(item, version) if item and version else None,
        tuple(ev.basis), measures, exclusions, ev.options, ev.unmet,
        "suspected_crime" in facts.circumstances, coercion, ev.fine,
        explain(facts, org, ref, ev, first, coercion, compared, exclusions, measures),
        (first_trace, *ev.trace) if harm == facts.harm else (first_trace, *_derived(facts), *ev.trace),
        ENGINE_VERSION, version.label if version else "none", first, violation, facts)

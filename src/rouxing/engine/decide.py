"""The decision pipeline (裁量): the contract's rule order, applied to one set of facts.

One interpreted evaluator, read top to bottom (README.md states the order):

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
(从旧兼从轻, art. 37). National law takes precedence over steps 3–7 where it applies (contract version 2):
8 the time bar (art. 36) before everything; 9 emergencies (art. 49) → 从重; 10 the penalty article always
cited; 11 fine bands inside the law, with 并处 and 一案双罚; 12 coercion only on a statutory ground; 13 options
never offer what an exclusion refused; 14 a 不予处罚 item only within art. 33 para. 1.

Every dict a decision holds (trace entries, cited provisions, the list item) is built for that decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from . import statutes as st
from .decision import AdditionalPenalty, Coercion, CombinedDecision, Decision, Fine, Option, PersonFine
from .errors import EngineInputError, RuleConflictError
from .explain import cite_text, combined_explanation, explain
from .facts import Facts, parse_facts, parse_parts
from .penalties import consequences
from .rules import Benchmark, CatalogueEntry, Condition, ItemRule, RuleSet, ScopeExclusion, ViolationRef
from .source import History, InMemoryRuleSource, NoHistory, OrgInfo
from .vocabulary import (
    ADDITIONAL_PENALTIES,
    COERCIVE_MEASURES,
    CORRECTED_IN_TIME,
    ENGINE_VERSION,
    EXCLUSION_LABELS,
    LENIENT_LISTS,
    LIST_LABELS,
    OUTCOME_LABELS,
    RANK,
    normalize_name,
)


class Evaluation:
    """The result of steps 1–7 under one list version (before 从旧兼从轻 and coercion)."""

    __slots__ = ("version", "day", "trace", "outcome", "mandatory", "item", "statutes", "basis", "measures",
                 "exclusions", "labels", "options", "unmet", "nearest", "scope_hits", "refused", "fine", "additional",
                 "person_fines", "time_barred", "emergency", "circumstances", "entry")

    def __init__(self, version: RuleSet | None, day: str = "decision"):
        self.version = version
        self.day = day
        """Which day's version this is: `decision` (the decision date) or `violation` (art. 37's comparison)."""
        self.trace: list[dict[str, Any]] = [{"step": 1, "rule": "version_in_force", "kind": "version",
                                             "result": version.label if version else "none", "facts": {}}]
        self.outcome = "standard"
        self.mandatory = True
        self.item: ItemRule | None = None
        self.statutes: list[st.StatuteResult] = []
        self.basis: list[dict[str, Any]] = []
        self.measures: list[str] = []
        self.exclusions: list[str] = []
        self.options: list[Option] = []
        self.unmet: list[str] = []
        self.nearest: ItemRule | None = None
        self.scope_hits: list[ScopeExclusion] = []
        self.refused: set[str] = set()
        self.fine: Fine | None = None
        self.additional: list[AdditionalPenalty] = []
        self.person_fines: list[PersonFine] = []
        self.time_barred = False
        self.emergency = False
        self.labels: dict[str, str] = {}
        self.entry: CatalogueEntry | None = None
        """The catalogue entry (the law in force on this evaluation's day) whose fine applied."""
        self.circumstances: list[str] = []
        """The circumstances, sorted (read by several trace entries of this evaluation)."""

    def exclude(self, code: str, label: str | None = None) -> None:
        """Record why a more lenient outcome was refused, with its Chinese label (a bureau's own scope exclusion
        or condition names it; the vocabulary labels the contract's codes)."""
        if code not in self.exclusions:
            self.exclusions.append(code)
            self.labels[code] = EXCLUSION_LABELS.get(code) or label or "清单事项的适用条件不满足"

    def measure(self, measures: tuple[str, ...] | list[str]) -> None:
        self.measures.extend(m for m in dict.fromkeys(measures) if m not in self.measures)

    def cite(self, basis: dict[str, Any]) -> None:
        """Add a provision unless already cited: the same paragraph, or (for a whole article, paragraph 0)
        any paragraph of that article."""
        law, article, para = basis.get("law"), basis.get("article"), basis.get("paragraph") or 0
        for b in self.basis:
            if b.get("law") == law and b.get("article") == article and (para == 0 or (b.get("paragraph") or 0) == para) \
                    and b.get("edition") == basis.get("edition"):
                return
        self.basis.append(dict(basis))


def _read(values: Mapping[str, Any], facts: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """The facts a rule read, for the trace (sets as sorted lists)."""
    return {f: sorted(v) if isinstance(v := values.get(f), frozenset) else v for f in facts}


def item_ref(item: ItemRule, version: RuleSet) -> dict[str, Any]:
    """The contract's `list_item`: the bureau and version it belongs to; a claimed (认领) item also names the
    bureau it came from in `source_org`."""
    return {"org": version.org_name, "list": item.list, "seq": item.seq, "code": item.code, "name": item.name,
            "version": version.version, "id": item.id, "source_org": item.source_org or version.org_name}


ART33_1_BOUND = Condition(
    id="xzcf_33_1", label="属于《中华人民共和国行政处罚法》第三十三条第一款规定的情形（及时改正且没有造成危害后果，"
                          "或者初次违法、危害后果轻微并及时改正）", predicate=lambda values: True, reads=frozenset(),
    exclusion="outside_statute")
"""Rule 14: the bound of every 不予处罚 item (failed when the facts are outside art. 33 para. 1, or when the item
has no condition at all)."""


# -- steps 2 and 3: scope exclusions and list items -------------------------------------------------------

def _scope(ev: Evaluation, facts: Facts, values: Mapping[str, Any]) -> set[str]:
    """Step 2: the lists refused by the version's scope exclusions (and by 涉嫌犯罪)."""
    refused: set[str] = set()
    for sc in ev.version.scope if ev.version else ():
        hit = sc.predicate(values)
        ev.trace.append({"step": 2, "rule": sc.id, "kind": "scope_exclusion",
                         "result": "applies" if hit else "not_applicable", "facts": _read(values, sorted(sc.reads))})
        if hit:
            refused |= sc.lists
            ev.scope_hits.append(sc)
            ev.exclude(sc.code, sc.label)
    if "suspected_crime" in facts.circumstances:
        refused |= set(LENIENT_LISTS)
        ev.exclude("suspected_crime")
        ev.trace.append({"step": 2, "rule": "suspected_crime", "kind": "statute", "result": "applies",
                         "facts": {"circumstances": sorted(facts.circumstances)}})
    ev.refused = refused
    return refused


def _check_conflict(held: list[ItemRule], version: RuleSet) -> None:
    first = held[0]
    for other in held[1:]:
        if set(other.measures) != set(first.measures):
            raise RuleConflictError(
                "violation",
                f"清单冲突：{version.org_name}清单版本{version.version}的{LIST_LABELS[first.list]}第{first.seq}项与第"
                f"{other.seq}项同时适用但配套措施不同，须由清单管理员修正清单，系统不按行序取舍。")


def _items(ev: Evaluation, facts: Facts, values: Mapping[str, Any], ref: ViolationRef, refused: set[str]) -> None:
    """Step 3: try the lenient candidates in order; stop at the first level change after an item held.
    When none holds, `unmet_conditions` are the labels of the nearest item (fewest failed conditions)."""
    candidates = [i for i in ev.version.candidates(ref) if i.list in LENIENT_LISTS] if ev.version else []
    if not candidates:
        ev.exclude("not_on_list")
        ev.trace.append({"step": 3, "rule": "list_items", "kind": "list_item", "result": "no_candidate", "facts": {}})
        return
    held: list[ItemRule] = []
    tried: list[tuple[ItemRule, list[Any]]] = []
    refused_items: list[ItemRule] = []
    for item in candidates:
        if held and (item.list, item.catch_all) != (held[0].list, held[0].catch_all):
            break
        if item.list in refused:
            refused_items.append(item)
            ev.trace.append({"step": 3, "rule": item.id, "kind": "list_item", "list": item.list, "seq": item.seq,
                             "result": "refused_by_scope", "facts": {}})
            continue
        failed = item.failed(values)
        if not failed and item.list == "no_penalty" and not (st.art33_1_allows(values) and item.conditions):
            failed = [ART33_1_BOUND]  # rule 14: a list cannot grant what the law forbids, whatever the item says
        ev.trace.append({"step": 3, "rule": item.id, "kind": "list_item", "list": item.list, "seq": item.seq,
                         "result": "failed" if failed else "fulfilled", "failed": [c.id for c in failed],
                         "facts": _read(values, item.reads)})
        if not failed:
            held.append(item)
        elif not held:
            tried.append((item, failed))
            for cond in failed:
                ev.exclude(cond.exclusion, cond.label)
    if held:
        _check_conflict(held, ev.version)  # type: ignore[arg-type]  # held items come from a version
        ev.item, ev.outcome = held[0], held[0].list
    elif tried:
        order = {kind: i for i, kind in enumerate(LENIENT_LISTS)}
        item, failed = min(tried, key=lambda t: (len(t[1]), order[t[0].list], t[0].catch_all, t[0].seq))
        ev.nearest, ev.unmet = item, [c.label for c in failed]
    elif refused_items:
        # every candidate was refused by a scope exclusion: what would have to be true is its absence
        item = refused_items[0]
        ev.nearest = item
        ev.unmet = [*[f"不属于“{sc.label or sc.code}”的情形" for sc in ev.scope_hits if item.list in sc.lists],
                    *[c.label for c in item.failed(values)]]


# -- steps 4 to 7 ----------------------------------------------------------------------------------------

def _statutes(ev: Evaluation, facts: Facts) -> None:
    """Step 4: the statutory 应当 rules, each tried and traced; the most lenient of them and the item wins.
    Under art. 49 (rule 9) only the rules that leave no liability (arts. 30 and 33 para. 2: 不予处罚) apply."""
    age, kind, circumstances = facts.party.age, facts.party.kind, ev.circumstances
    for rule in st.MANDATORY_RULES:
        result = rule(facts)
        if result is not None and ev.emergency and result.outcome != "no_penalty":
            result = None
        ev.trace.append({"step": 4, "rule": rule.__name__, "kind": "statute",
                         "result": "applies" if result else "not_applicable",
                         "facts": {"party.age": age, "party.kind": kind, "circumstances": circumstances}})
        if result:
            ev.statutes.append(result)
    item = ev.item
    if item is not None:
        for b in item.basis:
            ev.cite(b)
        ev.measure(item.measures)
        if ev.outcome == "no_penalty":
            # a list item establishes 轻微; with no harm and timely correction art. 33 para. 1 sentence 1 says 应当
            ev.mandatory = facts.effective_harm == "none" and facts.corrected in CORRECTED_IN_TIME
        else:
            ev.mandatory = any(RANK[s.outcome] >= RANK[ev.outcome] or s.also_allows == ev.outcome for s in ev.statutes)
    for s in ev.statutes:
        ev.cite(s.basis.as_dict())
        if RANK[s.outcome] < RANK[ev.outcome]:
            ev.outcome, ev.mandatory, ev.item = s.outcome, True, None
        elif RANK[s.outcome] == RANK[ev.outcome]:
            ev.mandatory = True
        ev.measure(s.measures)


def _education(ev: Evaluation) -> None:
    """Step 5: 不予处罚 always brings 说服教育 (art. 33 para. 3)."""
    if ev.outcome == "no_penalty":
        if st.EDUCATION not in ev.measures:
            ev.measures.insert(0, st.EDUCATION)
        ev.cite(st.ART33_3.as_dict())
        ev.trace.append({"step": 5, "rule": "xzcf_33_3_education", "kind": "statute", "result": "applies", "facts": {}})


_FIRST_VIOLATION_REASON = ("当事人初次违法且危害后果轻微并及时改正，依据《中华人民共和国行政处罚法》第三十三条第一款，"
                           "可以不予行政处罚（须书面说明理由）。")
_OPTION_BARS = frozenset({"accident", "suspected_crime", "emergency_measure_violation"})


def _options(ev: Evaluation, facts: Facts, first: bool | None) -> None:
    """Step 6: 可以 leniency no list granted, offered without changing the outcome; rule 13: never an outcome an
    exclusion holding in the version refused (a scope exclusion of that list, an accident, 涉嫌犯罪, art. 49)."""
    outcome = ev.outcome
    barred = bool(ev.scope_hits) or not _OPTION_BARS.isdisjoint(facts.circumstances)
    if outcome != "no_penalty":
        harm = facts.effective_harm
        missing = st.first_violation_missing(first, harm, facts.corrected, facts.circumstances)
        open_ = not missing and not barred
        ev.trace.append({"step": 6, "rule": "xzcf_33_1_first_violation", "kind": "statute",
                         "result": "offered" if open_ else "not_applicable", "missing": list(missing),
                         "facts": {"first_violation": first, "harm": harm, "corrected": facts.corrected}})
        if open_:
            ev.options.append(Option("no_penalty", (st.ART33_1.as_dict(),), _FIRST_VIOLATION_REASON))
        elif ev.item is None and outcome in ("standard", "heavier"):
            for code in missing:
                ev.exclude(code)
    if outcome == "lighter" and "reduced" not in ev.refused:
        for s in ev.statutes:
            if s.also_allows == "reduced":
                ev.options.append(Option("reduced", (s.basis.as_dict(),),
                                         f"{s.reason}可以在从轻与减轻之间选择减轻行政处罚（须书面说明理由）。"))
                break
    if ev.options and outcome in ("standard", "heavier"):
        ev.mandatory = False


def _band(outcome: str, code: str | None, lo: int, hi: int, benchmark: Benchmark) -> tuple[int, int]:
    """Rule 11: the band of the outcome. 从轻/一般/从重 lie inside the statutory range lo–hi (the benchmark's
    fractions of it); 减轻 lies below the statutory minimum and above zero, or, where the law sets no minimum,
    below the benchmark's lightest tier (its `reduced` fractions are fractions of that bound)."""
    if outcome != "reduced":
        band_min, band_max = benchmark.band(outcome, code, lo, hi)
        return min(max(band_min, lo), hi), min(max(band_max, lo), hi)
    bound = lo
    if bound <= 0:
        lightest = benchmark.band("lighter", code, lo, hi)
        bound = lightest[0] if lightest[0] > 0 else lightest[1]
    f_min, f_max = benchmark.fractions("reduced", code)
    band_min = max(1, round(bound * f_min))
    band_max = max(band_min, min(bound - 1, round(bound * f_max)))
    return band_min, band_max


def _fine(ev: Evaluation, facts: Facts, entry: CatalogueEntry | None, benchmark: Benchmark) -> None:
    """Step 7: standard or heavier (the benchmark's aggravating facts), the fine band of the outcome, and (rules
    10, 11) the penalty article, 并处 and 一案双罚 for every outcome but 不予处罚."""
    if ev.outcome == "standard":
        aggravating = not benchmark.aggravating_codes.isdisjoint(facts.circumstances)
        ev.trace.append({"step": 7, "rule": "benchmark_aggravating", "kind": "benchmark",
                         "result": "applies" if aggravating else "not_applicable",
                         "facts": {"circumstances": list(ev.circumstances)}})
        if aggravating:
            ev.outcome = "heavier"
    if entry is None or ev.outcome == "no_penalty":
        return
    lo, hi = entry.fine_min, entry.fine_max
    if facts.corrected in ("overdue", "refused") and entry.overdue.get("fine_max"):
        lo, hi = int(entry.overdue.get("fine_min") or 0), int(entry.overdue["fine_max"])
    for b in entry.penalty:
        ev.cite(b)
    band = _band(ev.outcome, entry.code, lo, hi, benchmark)
    ev.fine = Fine(lo, hi, band[0], band[1])
    if entry.consequences is not None:  # an earlier law's own 并处 (its article numbers are not today's)
        parts = [(b, part) for b in entry.penalty[:1] for part in entry.consequences]
    else:
        parts = [(b, part) for b in entry.penalty
                 for part in consequences(str(b.get("law") or ""), int(b.get("article") or 0))]
    for b, part in parts:
        if part.holds(facts):
            basis = (dict(b),)
            if part.kind is not None:
                if all(p.kind != part.kind for p in ev.additional):
                    ev.additional.append(AdditionalPenalty(part.kind, ADDITIONAL_PENALTIES[part.kind], basis))
            elif part.who is not None:
                person_band = _band(ev.outcome, entry.code, part.fine_min, part.fine_max, benchmark)
                ev.person_fines.append(PersonFine(part.who, part.fine_min, part.fine_max, *person_band, basis))
    ev.trace.append({"step": 11, "rule": "penalty_article", "kind": "statute", "result": "applies",
                     "additional_penalties": [p.kind for p in ev.additional],
                     "person_fines": [p.who for p in ev.person_fines],
                     "facts": {"corrected": facts.corrected, "harm": facts.effective_harm}})


def _emergency(ev: Evaluation, facts: Facts) -> None:
    """Rule 9 (行政处罚法 art. 49): violating emergency measures during an emergency is punished 从重, 应当; no
    list item and no discretionary leniency applies."""
    ev.emergency = "emergency_measure_violation" in facts.circumstances
    ev.trace.append({"step": 9, "rule": "xzcf_49_emergency", "kind": "statute",
                     "result": "applies" if ev.emergency else "not_applicable",
                     "facts": {"circumstances": list(ev.circumstances)}})
    if ev.emergency:
        ev.exclude("emergency_measure_violation")
        ev.refused |= set(LENIENT_LISTS)


def evaluate_version(facts: Facts, first: bool | None, version: RuleSet | None, ref: ViolationRef,
                     entry: CatalogueEntry | None, benchmark: Benchmark, day: str = "decision") -> Evaluation:
    """Steps 1–7 of the contract under one list version, with rules 9–14 (`first`: the first_violation used)."""
    ev = Evaluation(version, day)
    ev.entry = entry
    ev.circumstances = sorted(facts.circumstances)
    values = facts.values(first)
    refused = _scope(ev, facts, values)
    _emergency(ev, facts)
    if ev.emergency:
        ev.trace.append({"step": 3, "rule": "list_items", "kind": "list_item", "result": "refused_by_statute",
                         "facts": {}})
    else:
        _items(ev, facts, values, ref, refused)
    _statutes(ev, facts)
    if ev.emergency and ev.outcome != "no_penalty":
        ev.outcome, ev.mandatory = "heavier", True
        ev.cite(st.ART49.as_dict())
    _education(ev)
    if not ev.emergency:
        _options(ev, facts, first)
    _fine(ev, facts, entry, benchmark)
    return ev


def _lenience(ev: Evaluation) -> tuple[int, ...]:
    """Art. 37's comparison (lower is lighter): the outcome first, then the statutory fine range, the benchmark
    band, the 并处 and the person fines; equal results keep the law at the time of the violation."""
    fine = ev.fine
    money = (fine.statutory_max, fine.statutory_min, fine.band_max, fine.band_min) if fine else (0, 0, 0, 0)
    persons = sum(p.statutory_max for p in ev.person_fines)
    return (RANK[ev.outcome], *money, len(ev.additional), persons)


def _time_barred(facts: Facts, version: RuleSet | None) -> tuple[Evaluation | None, dict[str, Any]]:
    """Rule 8 (行政处罚法 art. 36), before everything else: found after the period → 不再给予行政处罚."""
    barred, years, ends = st.time_bar(facts)
    entry = {"step": 8, "rule": "xzcf_36_time_bar", "kind": "statute", "result": "applies" if barred else "not_applicable",
             "facts": {"violation_date": facts.violation_date.isoformat() if facts.violation_date else None,
                       "found_date": facts.found.isoformat(), "violation_ongoing": facts.violation_ongoing,
                       "harm": facts.effective_harm, "years": years, "period_ends": ends.isoformat() if ends else None}}
    if not barred:
        return None, entry
    ev = Evaluation(version)
    ev.trace.append(entry)
    ev.outcome, ev.mandatory, ev.time_barred = "no_penalty", True, True
    ev.cite(st.ART36_1.as_dict())
    ev.cite(st.ART36_2.as_dict())
    _education(ev)
    return ev, entry


# -- input checks, history, coercion --------------------------------------------------------------------

def _check_extra(facts: Facts, source: InMemoryRuleSource, org: OrgInfo) -> None:
    for key, value in facts.extra:
        kind = source.declares(org.code, key)
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
    """首次被发现: given, or computed from the caller's priors and the history within the look-back window."""
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


def _coercion(facts: Facts, ev: Evaluation, ref: ViolationRef, first: bool | None) -> tuple[Coercion | None, ItemRule | None]:
    """Rule 12: a coercive measure is allowed only on a statutory ground for these facts, cited with the conditions
    of its lawful use (安全生产法 art. 65(1)(三)/(四), art. 70; 行政强制法 arts. 16(1), 18); with a ground, a fulfilled
    no_coercion item still refuses it (行政强制法 arts. 5, 16(2))."""
    measure = facts.coercive_measure
    if measure is None:
        return None, None
    values = facts.values(first)
    label = COERCIVE_MEASURES[measure]
    ground = next(g for g in st.COERCION_GROUNDS if measure in g.measures)
    holds = ground.holds(facts.circumstances)
    ev.trace.append({"step": 12, "rule": f"coercion_ground_{measure}", "kind": "statute",
                     "result": "applies" if holds else "not_applicable",
                     "facts": {"circumstances": sorted(facts.circumstances)}})
    item = _no_coercion_item(ev, ref, values, measure)
    if not holds:
        reason = (f"采取{label}须有法定依据：仅在{ground.text}时可以采取；本案事实不具备该情形，不得采取"
                  "（行政强制法第十六条第一款）。")
        basis = (st.QZ16_1.as_dict(), *[p.as_dict() for p in ground.basis if p.law == st.AQSC])
        if item is None or ev.version is None:
            return Coercion(measure, False, basis, reason), None
        reason += (f"本案亦符合{item.source_org or ev.version.org_name}不予实施行政强制措施清单第{item.seq}项"
                   f"“{item.name}”的情形。")
        return Coercion(measure, False, _unique((*basis, *item.basis)), reason, item_ref(item, ev.version)), item
    if item is not None:
        version = ev.version
        assert version is not None  # the item comes from a version
        basis = _unique((*item.basis, st.QZ5.as_dict(), st.QZ16_2.as_dict()))
        reason = (f"适用{item.source_org or version.org_name}不予实施行政强制措施清单第{item.seq}项“{item.name}”，"
                  f"不予采取{label}；采用非强制手段可以达到行政管理目的（行政强制法第五条）。")
        return Coercion(measure, False, basis, reason, item_ref(item, version)), item
    return Coercion(measure, True, (*[p.as_dict() for p in ground.basis], st.QZ5.as_dict()),
                    f"本案{ground.text}，可以依法采取{label}；实施应当适当，采用非强制手段可以达到行政管理目的的，"
                    "不得实施（行政强制法第五条），并须满足下列条件。", conditions=ground.conditions), None


def _no_coercion_item(ev: Evaluation, ref: ViolationRef, values: Mapping[str, Any], measure: str) -> ItemRule | None:
    refused = set().union(*(sc.lists for sc in ev.scope_hits))
    for item in ev.version.candidates(ref) if ev.version else []:
        if item.list != "no_coercion" or (item.coercive_measures and measure not in item.coercive_measures):
            continue
        entry: dict[str, Any] = {"step": 8, "rule": item.id, "kind": "list_item", "list": "no_coercion", "seq": item.seq}
        if "no_coercion" in refused:
            ev.trace.append({**entry, "result": "refused_by_scope", "facts": {}})
            continue
        failed = item.failed(values)
        ev.trace.append({**entry, "result": "failed" if failed else "fulfilled", "failed": [c.id for c in failed],
                         "facts": _read(values, item.reads)})
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


def _unique(basis: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """Each provision once (the first entry of each law, article, paragraph and item), as fresh dicts."""
    seen, out = set(), []
    for b in basis:
        key = (b.get("law"), b.get("article"), b.get("paragraph") or 0, b.get("item"))
        if key not in seen:
            seen.add(key)
            out.append(dict(b))
    return tuple(out)


def _same_matter(facts: Facts, source: InMemoryRuleSource, org: OrgInfo, ref: ViolationRef) -> None:
    """Contradiction: `violation` and `item_code` naming different 事项."""
    if facts.violation and facts.item_code:
        by_name = source.resolve_violation(org.code, violation=facts.violation)
        if by_name is None or not _same(ref, by_name, facts.violation):
            raise EngineInputError("violation,item_code", f"事实矛盾：字段“violation”（{facts.violation}）与“item_code”"
                                                          f"（{facts.item_code}）指向不同的事项。")


def _check_history(facts: Facts, ref: ViolationRef, org: OrgInfo, source: InMemoryRuleSource) -> None:
    """Contradiction: `first_violation: true` with a prior violation of the same 事项 inside the look-back window."""
    if facts.first_violation is not True:
        return
    since = facts.date - dt.timedelta(days=org.lookback_days)
    for i, p in enumerate(facts.prior_violations):
        other = source.resolve_violation(org.code, violation=p.violation, item_code=p.item_code)
        if since <= p.date < facts.date and _same(ref, other, p.violation or p.item_code):
            raise EngineInputError("first_violation,prior_violations",
                                   f"事实矛盾：字段“first_violation”为初次违法，而“prior_violations[{i}]”"
                                   f"（{p.date.isoformat()}）在{org.lookback_days}天回溯期内记载了同一事项的违法行为。")


def decide_one(facts: Facts, source: InMemoryRuleSource, history: History | None = None) -> Decision:
    """Decide one violation (parsed facts): rules 8 and 0–7 with 9–14, 从旧兼从轻, coercion (rule 12)."""
    org, ref = _resolve(facts, source)
    _same_matter(facts, source, org, ref)
    _check_history(facts, ref, org, source)
    entry = source.catalogue.get(ref.code or "")
    benchmark = source.benchmark(org.code)
    first, first_trace = _first_violation(facts, ref, org, source, history or NoHistory())
    version = source.version_in_force(org.code, facts.date)
    barred, bar_trace = _time_barred(facts, version)
    compared = None
    if barred is not None:
        ev = barred
    else:
        law_now = entry.at(facts.date) if entry is not None else None
        ev = evaluate_version(facts, first, version, ref, law_now, benchmark)
        ev.trace.insert(0, bar_trace)
        if facts.violation_date is not None:
            old_version = source.version_in_force(org.code, facts.violation_date)
            law_then = entry.at(facts.violation_date) if entry is not None else None
            if old_version is not version or law_then is not law_now:
                old = evaluate_version(facts, first, old_version, ref, law_then, benchmark, day="violation")
                old.trace.insert(0, bar_trace)
                compared = (old, ev)
                ev = ev if _lenience(ev) < _lenience(old) else old
                ev.cite(st.ART37.as_dict())
                for e in compared:
                    step = {"step": 16, "rule": "xzcf_37_lenient_law", "kind": "statute",
                            "result": "chosen" if e is ev else "compared",
                            "version": e.version.label if e.version else "none", "outcome": e.outcome,
                            "facts": {"violation_date": facts.violation_date.isoformat(),
                                      "date": facts.date.isoformat()}}
                    if law_then is not law_now:
                        step["law"] = e.entry.legal_source if e.entry else ""
                        step["fine"] = e.fine.as_dict() if e.fine else None
                    ev.trace.append(step)
    coercion, coercion_item = _coercion(facts, ev, ref, first)
    item = ev.item or coercion_item
    return Decision(
        ev.outcome, OUTCOME_LABELS[ev.outcome], ev.mandatory,
        item_ref(item, ev.version) if item and ev.version else None,
        tuple(ev.basis), tuple(ev.measures), tuple(ev.exclusions), tuple(ev.options), tuple(ev.unmet),
        "suspected_crime" in facts.circumstances, coercion, ev.fine,
        explain(facts, org, ref, ev, first, coercion, compared),
        (first_trace, *_derived(facts), *ev.trace),
        ENGINE_VERSION, ev.version.label if ev.version else "none", first, {"code": ref.code, "name": ref.name}, facts,
        ev.time_barred, tuple(ev.additional), tuple(ev.person_fines), tuple(ev.labels[c] for c in ev.exclusions))


def decide(raw: Any, source: InMemoryRuleSource, history: History | None = None, *,
           today: dt.date | None = None) -> Decision | CombinedDecision:
    """Decide a case: contract JSON (or `Facts`) in, `Decision` out; with the `violations` input one decision per
    violation and their sum (`CombinedDecision`, 分别裁量、合并处罚). Raises EngineInputError on bad input."""
    if isinstance(raw, dict) and "violations" in raw:
        return decide_parts(raw, source, history, today=today)
    return decide_one(parse_facts(raw, today=today), source, history)


def decide_parts(raw: dict[str, Any], source: InMemoryRuleSource, history: History | None = None, *,
                 today: dt.date | None = None) -> CombinedDecision:
    """分别裁量、合并处罚 (seed 003 三(二)2): each violation decided on its own facts; the fines of the parts that are
    punished add up (a part with 不予处罚 adds nothing), as do their 并处 and person fines."""
    parts = []
    for i, facts in enumerate(parse_parts(raw, today=today)):
        try:
            parts.append(decide_one(facts, source, history))
        except EngineInputError as exc:
            fields = ",".join(f if f in ("org", "date", "found_date") or f.startswith(("party", "extra"))
                              else f"violations[{i}].{f}" for f in exc.field.split(","))
            raise EngineInputError(fields, f"第{i + 1}项违法行为：{exc.message}") from exc
    punished = [p for p in parts if p.outcome != "no_penalty" and p.fine is not None]
    fine = Fine(*(sum(getattr(p.fine, f) for p in punished) for f in ("statutory_min", "statutory_max", "band_min", "band_max"))) \
        if punished else None
    additional: list[AdditionalPenalty] = []
    for p in parts:
        additional += [a for a in p.additional_penalties if all(a.kind != b.kind for b in additional)]
    person_fines = tuple(f for p in parts for f in p.person_fines)
    basis: list[dict[str, Any]] = []
    for p in parts:
        basis += [dict(b) for b in p.legal_basis if cite_text(b) not in {cite_text(x) for x in basis}]
    return CombinedDecision(tuple(parts), fine, tuple(additional), person_fines, tuple(basis),
                            combined_explanation(parts, fine, additional, person_fines), ENGINE_VERSION)

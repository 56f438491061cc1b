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
(从旧兼从轻, art. 37).

Every dict a decision holds (trace entries, cited provisions, the list item) is built for that decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from . import statutes as st
from .decision import Coercion, Decision, Fine, Option
from .errors import EngineInputError, RuleConflictError
from .explain import explain
from .facts import Facts, parse_facts
from .rules import Benchmark, CatalogueEntry, ItemRule, RuleSet, ScopeExclusion, ViolationRef
from .source import History, InMemoryRuleSource, NoHistory, OrgInfo
from .vocabulary import (
    COERCIVE_MEASURES,
    CORRECTED_IN_TIME,
    ENGINE_VERSION,
    LENIENT_LISTS,
    LIST_LABELS,
    OUTCOME_LABELS,
    RANK,
    normalize_name,
)


class Evaluation:
    """The result of steps 1–7 under one list version (before 从旧兼从轻 and coercion)."""

    __slots__ = ("version", "trace", "outcome", "mandatory", "item", "statutes", "basis", "measures", "exclusions",
                 "options", "unmet", "nearest", "scope_hits", "fine")

    def __init__(self, version: RuleSet | None):
        self.version = version
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
        self.fine: Fine | None = None

    def exclude(self, code: str) -> None:
        if code not in self.exclusions:
            self.exclusions.append(code)

    def measure(self, measures: tuple[str, ...] | list[str]) -> None:
        self.measures.extend(m for m in dict.fromkeys(measures) if m not in self.measures)

    def cite(self, basis: dict[str, Any]) -> None:
        """Add a provision unless already cited: the same paragraph, or (for a whole article, paragraph 0)
        any paragraph of that article."""
        law, article, para = basis.get("law"), basis.get("article"), basis.get("paragraph") or 0
        for b in self.basis:
            if b.get("law") == law and b.get("article") == article and (para == 0 or (b.get("paragraph") or 0) == para):
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
            ev.exclude(sc.code)
    if "suspected_crime" in facts.circumstances:
        refused |= set(LENIENT_LISTS)
        ev.exclude("suspected_crime")
        ev.trace.append({"step": 2, "rule": "suspected_crime", "kind": "statute", "result": "applies",
                         "facts": {"circumstances": sorted(facts.circumstances)}})
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
        entry: dict[str, Any] = {"step": 3, "rule": item.id, "kind": "list_item", "list": item.list, "seq": item.seq}
        if item.list in refused:
            refused_items.append(item)
            ev.trace.append({**entry, "result": "refused_by_scope", "facts": {}})
            continue
        failed = item.failed(values)
        ev.trace.append({**entry, "result": "failed" if failed else "fulfilled", "failed": [c.id for c in failed],
                         "facts": _read(values, item.reads)})
        if not failed:
            held.append(item)
        elif not held:
            tried.append((item, failed))
            for cond in failed:
                ev.exclude(cond.exclusion)
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
    """Step 4: the statutory 应当 rules, each tried and traced; the most lenient of them and the item wins."""
    read = {"party.age": facts.party.age, "party.kind": facts.party.kind, "circumstances": sorted(facts.circumstances)}
    for rule in st.MANDATORY_RULES:
        result = rule(facts)
        ev.trace.append({"step": 4, "rule": rule.__name__, "kind": "statute",
                         "result": "applies" if result else "not_applicable", "facts": dict(read)})
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


def _options(ev: Evaluation, facts: Facts, first: bool | None) -> None:
    """Step 6: 可以 leniency no list granted, offered without changing the outcome."""
    outcome = ev.outcome
    if outcome != "no_penalty":
        harm = facts.effective_harm
        missing = st.first_violation_missing(first, harm, facts.corrected, facts.circumstances)
        open_ = not missing and not ev.scope_hits
        ev.trace.append({"step": 6, "rule": "xzcf_33_1_first_violation", "kind": "statute",
                         "result": "offered" if open_ else "not_applicable", "missing": list(missing),
                         "facts": {"first_violation": first, "harm": harm, "corrected": facts.corrected}})
        if open_:
            ev.options.append(Option("no_penalty", (st.ART33_1.as_dict(),), _FIRST_VIOLATION_REASON))
        elif ev.item is None and outcome in ("standard", "heavier"):
            for code in missing:
                ev.exclude(code)
    if outcome == "lighter":
        for s in ev.statutes:
            if s.also_allows == "reduced":
                ev.options.append(Option("reduced", (s.basis.as_dict(),),
                                         f"{s.reason}可以在从轻与减轻之间选择减轻行政处罚（须书面说明理由）。"))
                break
    if ev.options and outcome in ("standard", "heavier"):
        ev.mandatory = False


def _fine(ev: Evaluation, facts: Facts, entry: CatalogueEntry | None, benchmark: Benchmark) -> None:
    """Step 7: standard or heavier (the benchmark's aggravating facts), and the fine band of the outcome."""
    if ev.outcome == "standard":
        aggravating = not benchmark.aggravating_codes.isdisjoint(facts.circumstances)
        ev.trace.append({"step": 7, "rule": "benchmark_aggravating", "kind": "benchmark",
                         "result": "applies" if aggravating else "not_applicable",
                         "facts": {"circumstances": sorted(facts.circumstances)}})
        if aggravating:
            ev.outcome = "heavier"
    if entry is None or ev.outcome == "no_penalty":
        return
    lo, hi = entry.fine_min, entry.fine_max
    if facts.corrected in ("overdue", "refused") and entry.overdue.get("fine_max"):
        lo, hi = int(entry.overdue.get("fine_min") or 0), int(entry.overdue["fine_max"])
    if ev.outcome in ("standard", "heavier"):
        for b in entry.penalty:
            ev.cite(b)
    if ev.outcome == "reduced":
        band = (0, lo) if lo > 0 else (0, 0)
    else:
        band = benchmark.band(ev.outcome, entry.code, lo, hi)
    ev.fine = Fine(lo, hi, band[0], band[1])


def evaluate_version(facts: Facts, first: bool | None, version: RuleSet | None, ref: ViolationRef,
                     entry: CatalogueEntry | None, benchmark: Benchmark) -> Evaluation:
    """Steps 1–7 of the contract under one list version (`first`: the first_violation used)."""
    ev = Evaluation(version)
    values = facts.values(first)
    refused = _scope(ev, facts, values)
    _items(ev, facts, values, ref, refused)
    _statutes(ev, facts)
    _education(ev)
    _options(ev, facts, first)
    _fine(ev, facts, entry, benchmark)
    return ev


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


def _coercion(facts: Facts, ev: Evaluation, ref: ViolationRef, values: Mapping[str, Any]) -> tuple[Coercion | None, ItemRule | None]:
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
        basis = (*[dict(b) for b in item.basis], st.QZ5.as_dict(), st.QZ16_2.as_dict())
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


def decide(raw: Any, source: InMemoryRuleSource, history: History | None = None, *,
           today: dt.date | None = None) -> Decision:
    """Decide one case: contract JSON (or `Facts`) in, `Decision` out; raises EngineInputError on bad input."""
    facts = parse_facts(raw, today=today)
    org, ref = _resolve(facts, source)
    entry = source.catalogue.get(ref.code or "")
    benchmark = source.benchmark(org.code)
    first, first_trace = _first_violation(facts, ref, org, source, history or NoHistory())
    version = source.version_in_force(org.code, facts.date)
    ev = evaluate_version(facts, first, version, ref, entry, benchmark)
    compared = None
    if facts.violation_date is not None:
        old_version = source.version_in_force(org.code, facts.violation_date)
        if old_version is not version:
            old = evaluate_version(facts, first, old_version, ref, entry, benchmark)
            compared = (old, ev)
            ev = ev if RANK[ev.outcome] < RANK[old.outcome] else old
            ev.cite(st.ART37.as_dict())
            for e in compared:
                ev.trace.append({"step": 9, "rule": "xzcf_37_lenient_law", "kind": "statute",
                                 "result": "chosen" if e is ev else "compared", "version": e.version.label if e.version else "none",
                                 "outcome": e.outcome, "facts": {"violation_date": facts.violation_date.isoformat(),
                                                                 "date": facts.date.isoformat()}})
    coercion, coercion_item = _coercion(facts, ev, ref, facts.values(first))
    item = ev.item or coercion_item
    return Decision(
        ev.outcome, OUTCOME_LABELS[ev.outcome], ev.mandatory,
        item_ref(item, ev.version) if item and ev.version else None,
        tuple(ev.basis), tuple(ev.measures), tuple(ev.exclusions), tuple(ev.options), tuple(ev.unmet),
        "suspected_crime" in facts.circumstances, coercion, ev.fine,
        explain(facts, org, ref, ev, first, coercion, compared),
        (first_trace, *_derived(facts), *ev.trace),
        ENGINE_VERSION, ev.version.label if ev.version else "none", first, {"code": ref.code, "name": ref.name}, facts)

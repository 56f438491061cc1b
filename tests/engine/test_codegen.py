"""Compiled-once data agrees with what it replaces: the generated list-item step (codegen.py) with the
interpreted one (decide.items_interpreted) on random facts, over the synthetic rule book and the demo
bureaus' lists, and on hand-written predicates of every operator; precomputed citations with `cite`; a
memoised route with the lookups it stands for."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rouxing.engine.codegen import FACT_EXPRESSIONS, compile_items_step, fact_expression, when_expr
from rouxing.engine.decide import items_interpreted
from rouxing.engine.facts import Facts, Party
from rouxing.engine.rules import RuleSet
from rouxing.engine.vocabulary import CIRCUMSTANCES, CORRECTED, HARM, INDUSTRIES, LIST_KINDS

from .rulebook import demo_source, make_source

STEPS = [(rules, ref) for src in (make_source(), demo_source()) for versions in src.versions.values()
         for rules in versions for ref in {src.resolve_violation(rules.org_code, violation=i.name) for i in rules.items}
         if ref is not None and rules.lenient_candidates(ref)]

values = st.fixed_dictionaries({
    "first_violation": st.sampled_from([True, False, None]),
    "corrected": st.sampled_from([*CORRECTED, None]),
    "harm": st.sampled_from([*HARM, None]),
    "substantive_compliance": st.booleans(),
    "circumstances": st.frozensets(st.sampled_from(sorted(CIRCUMSTANCES)), max_size=4),
    "party.kind": st.sampled_from(["enterprise", "person"]),
    "party.industry": st.sampled_from(sorted(INDUSTRIES)),
    "party.age": st.one_of(st.none(), st.integers(0, 100)),
    "coercive_measure": st.none(),
})


def facts_of(vals: dict) -> Facts:
    """`Facts` whose `values()` are `vals` (keys of `Facts.values`; `extra.` keys become extra facts)."""
    party = Party(kind=vals.get("party.kind", "enterprise"), industry=vals.get("party.industry", "general"),
                  age=vals.get("party.age"))
    extra = tuple(sorted((k[6:], v) for k, v in vals.items() if k.startswith("extra.")))
    return Facts(org="T", date=dt.date(2024, 6, 1), violation="x", party=party, first_violation=vals.get("first_violation"),
                 corrected=vals.get("corrected"), harm=vals.get("harm"),
                 substantive_compliance=vals.get("substantive_compliance", False),
                 circumstances=vals.get("circumstances") or frozenset(), extra=extra,
                 coercive_measure=vals.get("coercive_measure"))


def run_generated(step, facts: Facts, refused, trace, exclusions):
    return step(facts, facts.first_violation, facts.effective_harm, refused, trace, exclusions)


def both(rules, ref, vals, refused):
    """(held, tried, refused items, trace, exclusions) of the interpreted step on `Facts.values()` and the
    generated step on the same `Facts`."""
    facts = facts_of(vals)
    out = []
    for step in (lambda *a: items_interpreted(rules.lenient_candidates(ref), facts.values(), *a),
                 lambda *a: run_generated(rules.items_step(ref), facts, *a)):
        trace: list = []
        exclusions: list = []
        held, tried, refused_items = step(refused, trace, exclusions)
        out.append((held, tried, refused_items, trace, exclusions))
    return out


def test_fact_expressions_read_what_facts_values_holds():
    # given facts with every key set, when each generated expression is evaluated, then it equals values()[key]
    facts = facts_of({"first_violation": False, "corrected": "overdue", "harm": "minor", "substantive_compliance": True,
                      "circumstances": frozenset({"accident"}), "party.kind": "person", "party.industry": "mining",
                      "party.age": 16, "coercive_measure": "seal", "extra.flag": True})
    values = facts.values()
    scope = {"facts": facts, "first": facts.first_violation, "harm": facts.effective_harm, "party": facts.party,
             "extra": dict(facts.extra)}
    for key in values:
        assert eval(fact_expression(key), {}, scope) == values[key], key  # noqa: S307 - the generated expressions
    assert set(FACT_EXPRESSIONS) | {"extra.flag"} == set(values)
    assert fact_expression("no.such.fact") == "None"


def test_every_demo_and_synthetic_violation_has_a_compiled_step():
    # given the rule books, then there are candidates to compare and each gets a compiled function
    assert len(STEPS) > 20
    assert all(callable(rules.items_step(ref)) for rules, ref in STEPS)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(STEPS), values, st.sets(st.sampled_from(LIST_KINDS), max_size=2))
def test_generated_step_equals_interpreted_step(step, vals, refused):
    # given a violation's candidates and random facts, when both steps run, then results and trace are equal
    rules, ref = step
    interpreted, generated = both(rules, ref, vals, refused)
    assert generated == interpreted


OPERATOR_CASES = [
    ({"fact": "harm", "op": "eq", "value": "none"}, {"harm": "none"}, True),
    ({"fact": "harm", "op": "eq", "value": None}, {"harm": None}, False),
    ({"fact": "harm", "op": "ne", "value": "none"}, {"harm": None}, True),
    ({"fact": "harm", "op": "in", "value": ["none", "minor"]}, {"harm": "serious"}, False),
    ({"fact": "harm", "op": "not_in", "value": ["serious"]}, {"harm": None}, True),
    ({"fact": "circumstances", "op": "has", "value": "accident"}, {"circumstances": None}, False),
    ({"fact": "circumstances", "op": "lacks", "value": ["accident", "suspected_crime"]},
     {"circumstances": frozenset({"accident"})}, False),
    ({"fact": "circumstances", "op": "has", "value": ["accident", "suspected_crime"]},
     {"circumstances": frozenset({"accident", "suspected_crime", "major_hidden_danger"})}, True),
    ({"fact": "circumstances", "op": "has", "value": ["accident", "suspected_crime"]},
     {"circumstances": frozenset({"accident"})}, False),
    ({"fact": "circumstances", "op": "lacks", "value": "accident"}, {"circumstances": frozenset()}, True),
    ({"fact": "circumstances", "op": "lacks", "value": ["accident", "suspected_crime"]},
     {"circumstances": frozenset({"major_hidden_danger"})}, True),
    ({"fact": "party.age", "op": "gte", "value": 14}, {"party.age": None}, False),
    ({"fact": "party.age", "op": "lte", "value": 14}, {"party.age": 14}, True),
    ({"all": []}, {}, True),
    ({"any": []}, {}, False),
    ({"not": {"any": [{"fact": "harm", "op": "eq", "value": "none"},
                      {"fact": "first_violation", "op": "eq", "value": True}]}}, {"harm": "minor", "first_violation": True},
     False),
]


def test_each_operator_compiles_to_the_interpreted_semantics():
    # given one predicate per operator, when compiled to an item of a one-item version, then it decides as written
    for when, facts, expected in OPERATOR_CASES:
        rules = RuleSet.from_dict({"org": {"code": "T", "name": "T"}, "version": "1", "effective_from": "2020-01-01",
                                   "items": [{"id": "T-1", "list": "no_penalty", "seq": 1, "name": "x",
                                              "conditions": [{"id": "c", "when": when}]}]})
        step = compile_items_step(rules.items)
        held, tried, _ = run_generated(step, facts_of(facts), set(), [], [])
        assert bool(held) is expected, (when, facts)
        assert rules.items[0].conditions[0].predicate(facts) == expected


def test_generated_source_reads_each_fact_once_and_is_kept_for_inspection():
    # given a compiled step, then its source fetches every fact into one local and names every item
    rules, ref = STEPS[0]
    text = rules.items_step(ref).source
    assert text.startswith("def step3(facts, first, harm, refused, trace, exclusions):")
    fetched = [line.split("# ")[1] for line in text.splitlines() if line.startswith("    f") and " = " in line]
    assert fetched and len(fetched) == len(set(fetched))
    assert all(f"# {n}: {item.id}" in text for n, item in enumerate(rules.lenient_candidates(ref)))


def test_when_expression_names_constants_rather_than_printing_them():
    # given a value that is not a Python literal, when translated, then it is bound by name in the namespace
    from rouxing.engine.codegen import _Source

    src = _Source()
    expr = when_expr({"fact": "harm", "op": "in", "value": ["none", "minor"]}, src)
    assert expr == "(f0 in _k0)"
    assert src.consts == {"_k0": frozenset({"none", "minor"})}


BASIS = st.fixed_dictionaries({"law": st.sampled_from(["甲法", "乙法"]), "article": st.integers(1, 3),
                               "paragraph": st.sampled_from([0, 1, 2, None])})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(BASIS, max_size=4), max_size=4))
def test_citing_precomputed_plans_equals_citing_one_by_one(batches):
    # given batches of basis entries, when cited through cite_all(plans) and through cite(), then the same
    from rouxing.engine.decide import Evaluation
    from rouxing.engine.rules import cite_plans

    planned, plain = Evaluation(None), Evaluation(None)
    for batch in batches:
        planned.cite_all(cite_plans(tuple(batch)) or ())
        for b in batch:
            plain.cite(b)
    assert (planned.basis, planned.cites) == (plain.basis, plain.cites)


def test_a_route_is_resolved_once_and_unknown_names_have_none():
    # given a source, when the same names are routed twice, then the same route; unknown names give None
    src = demo_source()
    rules = src.versions["SM-YJJ"][0]
    name = rules.items[0].name
    route = src.route("三明市应急管理局", name, None)
    assert route is not None and route is src.route("三明市应急管理局", name, None)
    org, ref, entry, benchmark, violation = route
    assert org.code == "SM-YJJ" and ref == src.resolve_violation("SM-YJJ", violation=name)
    assert violation == {"code": ref.code, "name": ref.name}
    assert entry is src.catalogue.get(ref.code or "") and benchmark is src.benchmark("SM-YJJ")
    day = dt.date(2024, 6, 1)
    version = src.version_in_force("SM-YJJ", day)
    assert version is not None
    assert src.route_on("三明市应急管理局", name, None, day) == (route, version, version.items_step(ref))
    assert src.route_on("三明市应急管理局", name, None, dt.date(1990, 1, 1)) == (route, None, None)
    assert src.route_on("无此机关", name, None, day) is None
    assert src.route("无此机关", name, None) is None
    assert src.route("三明市应急管理局", "无此违法行为", None) is None


DEMO = demo_source()
DEMO_NAMES = [(rules.org_name, item.name) for versions in DEMO.versions.values() for rules in versions
              for item in rules.items if item.list != "no_coercion" and not item.catch_all]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DEMO_NAMES), values)
def test_plain_steps_4_to_7_equal_the_general_steps(name, vals):
    # given facts no mandatory statute reads, when steps 4–7 run written out and step by step, then the same
    import datetime as dt
    import importlib

    from rouxing.engine.facts import Facts, Party

    mod = importlib.import_module("rouxing.engine.decide")
    org, violation = name
    circumstances = frozenset(c for c in vals["circumstances"]
                              if c not in ("no_subjective_fault", "actively_eliminated_harm", "coerced_or_induced",
                                           "confessed_unknown_violation", "meritorious_service", "suspected_crime"))
    facts = Facts(org=org, date=dt.date(2024, 6, 1), violation=violation,
                  party=Party(kind="enterprise", industry=vals["party.industry"]), first_violation=vals["first_violation"],
                  corrected=vals["corrected"], harm=vals["harm"], substantive_compliance=vals["substantive_compliance"],
                  circumstances=circumstances)
    route = DEMO.route(org, violation, None)
    assert route is not None
    info, ref, entry, benchmark, _ = route
    version = DEMO.version_in_force(info.code, facts.date)
    values_ = facts.values()
    results = []
    for plain in (True, False):
        ev = mod.Evaluation(version)
        mod._items(ev, facts, facts.first_violation, values_["harm"], frozenset(),
                   version.items_step(ref) if version else None)
        circ = sorted(circumstances)
        if plain:
            mod._plain_steps_4_to_7(ev, facts, facts.first_violation, entry, benchmark, values_["harm"])
        else:
            mod._statutes(ev, facts, circ)
            mod._education(ev)
            mod._options(ev, facts, facts.first_violation)
            mod._fine(ev, facts, entry, benchmark, circ)
        results.append({k: getattr(ev, k) for k in mod.Evaluation.__slots__ if k != "version"})
    assert results[0] == results[1]


def test_item_trace_entries_are_kept_up_to_a_bound():
    # given an item's entry table, when entries are added past 256, then the rest are returned but not kept
    from rouxing.engine.codegen import _entry

    table: dict = {}
    for n in range(300):
        entry = {"n": n}
        assert _entry(table, (n,), entry) is entry
    assert len(table) == 256 and table[(0,)] == {"n": 0} and (299,) not in table

"""Property tests: a worse fact never makes the outcome more lenient; the same facts give the same decision.

Run on the synthetic rule book and on the demo bureaus' JSON rules (三明, 明溪, 昌吉)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rouxing.engine import decide
from rouxing.engine.vocabulary import CIRCUMSTANCES, RANK

from .rulebook import CATALOGUE, demo_source, facts, make_source

SYNTHETIC = make_source()
DEMO = demo_source()
EXCLUDING = ["accident", "major_hidden_danger", "illegal_production", "bad_social_impact",
             "emergency_measure_violation", "suspected_crime", "repeated_violation", "imminent_danger",
             "refused_temporary_measures"]
HARM = ["none", "minor", "serious"]
CORRECTED = ["immediately", "within_deadline", "not_yet", "overdue", "refused"]  # better -> worse

DEMO_CASES = []
for version in DEMO.versions.values():
    for rules in version:
        for item in rules.items:
            if not item.catch_all and item.list != "no_coercion":
                DEMO_CASES.append((rules.org_name, item.name, str(rules.effective_from)))
DEMO_CASES.append(("昌吉州应急管理局", "生产经营单位未建立事故隐患排查治理制度的。", "2021-03-01"))


@st.composite
def cases(draw):
    """(source, facts) over the synthetic and demo rule data and the whole fact vocabulary."""
    if draw(st.booleans()):
        src, base = SYNTHETIC, facts(violation=draw(st.sampled_from([c["name"] for c in CATALOGUE])))
    else:
        org, name, start = draw(st.sampled_from(DEMO_CASES))
        src, base = DEMO, facts(org=org, violation=name, date="2024-06-01" if start < "2024" else start)
    base.update({
        "party": {"kind": draw(st.sampled_from(["enterprise", "person"])),
                  "industry": draw(st.sampled_from(["general", "mining", "hazardous_chemicals", "construction"]))},
        "first_violation": draw(st.booleans()),
        "corrected": draw(st.sampled_from(CORRECTED)),
        "harm": draw(st.sampled_from(HARM)),
        "substantive_compliance": draw(st.booleans()),
        "circumstances": sorted(draw(st.sets(st.sampled_from(sorted(CIRCUMSTANCES)), max_size=3))),
    })
    if base["first_violation"]:  # 初次违法 with 多次违法 is a contradiction (an input error, tested in test_input)
        base["circumstances"] = [c for c in base["circumstances"] if c != "repeated_violation"]
    return src, base


def rank(src, data) -> int:
    return RANK[decide(data, src).outcome]


@settings(max_examples=300, deadline=None)
@given(cases(), st.sampled_from(EXCLUDING))
def test_adding_an_exclusion_circumstance_never_makes_it_more_lenient(case, circumstance):
    src, data = case
    assume(not (circumstance == "repeated_violation" and data["first_violation"]))
    worse = {**data, "circumstances": sorted(set(data["circumstances"]) | {circumstance})}
    assert rank(src, worse) >= rank(src, data)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_worse_harm_never_makes_it_more_lenient(case):
    src, data = case
    ranks = [rank(src, {**data, "harm": h}) for h in HARM]
    assert ranks == sorted(ranks)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_worse_correction_never_makes_it_more_lenient(case):
    src, data = case
    ranks = [rank(src, {**data, "corrected": c}) for c in CORRECTED]
    assert ranks == sorted(ranks)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_repeat_violation_is_never_treated_more_leniently(case):
    src, data = case
    assume("repeated_violation" not in data["circumstances"])
    assert rank(src, {**data, "first_violation": False}) >= rank(src, {**data, "first_violation": True})


@settings(max_examples=200, deadline=None)
@given(cases())
def test_same_facts_and_date_give_the_same_decision(case):
    src, data = case
    again = make_source() if src is SYNTHETIC else demo_source()
    assert decide(data, src).to_dict() == decide(data, again).to_dict()

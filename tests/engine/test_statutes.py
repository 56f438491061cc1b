"""Statutory rules written once in the engine (行政处罚法 arts. 30, 32, 33, 37), each row citing its article."""

from __future__ import annotations

import pytest

from rouxing.engine import decide

from .rulebook import CATALOGUE, facts, make_source, version_dict

T002 = CATALOGUE[1]["name"]  # not on any list: only the law can make it more lenient
PERSON = {"kind": "person", "industry": "general"}
REPEAT = {"first_violation": False}

# (article, facts overrides, outcome, mandatory, article cited, option offered); rows on arts. 30/32 are
# repeat violations so that the art. 33 para. 1 option stays out of the picture
ROWS = [
    ("art. 33 para. 2: no subjective fault -> 不予处罚 (应当)", {"circumstances": ["no_subjective_fault"]},
     "no_penalty", True, 33, None),
    ("art. 30: under 14 -> 不予处罚", {"party": {**PERSON, "age": 13}}, "no_penalty", True, 30, None),
    ("art. 30: aged 14 -> 应当从轻或者减轻", {"party": {**PERSON, "age": 14}, **REPEAT}, "lighter", True, 30, "reduced"),
    ("art. 30: aged 17 -> 应当从轻或者减轻", {"party": {**PERSON, "age": 17}, **REPEAT}, "lighter", True, 30, "reduced"),
    ("art. 30: aged 18 is an adult", {"party": {**PERSON, "age": 18}, "first_violation": False}, "standard", True,
     None, None),
    ("art. 32 (一): 主动消除或者减轻危害后果", {"circumstances": ["actively_eliminated_harm"], **REPEAT}, "lighter", True, 32,
     "reduced"),
    ("art. 32 (二): 受他人胁迫或者诱骗", {"circumstances": ["coerced_or_induced"], **REPEAT}, "lighter", True, 32, "reduced"),
    ("art. 32 (三): 主动供述行政机关尚未掌握的违法行为", {"circumstances": ["confessed_unknown_violation"], **REPEAT}, "lighter",
     True, 32, "reduced"),
    ("art. 32 (四): 配合查处有立功表现", {"circumstances": ["meritorious_service"], **REPEAT}, "lighter", True, 32, "reduced"),
    ("art. 33 para. 1 s. 2: 初次违法且危害后果轻微并及时改正 -> 可以不予处罚, outcome unchanged",
     {"harm": "minor"}, "standard", False, None, "no_penalty"),
    ("art. 33 para. 1 s. 2 needs 初次违法", {"harm": "minor", "first_violation": False}, "standard", True, None, None),
    ("art. 33 para. 1 s. 2 needs 及时改正", {"harm": "minor", "corrected": "overdue"}, "standard", True, None, None),
    ("art. 33 para. 1 s. 2 needs harm at most minor", {"harm": "serious"}, "standard", True, None, None),
]


@pytest.mark.parametrize(("article", "overrides", "outcome", "mandatory", "cited", "option"), ROWS,
                         ids=[r[0] for r in ROWS])
def test_statutory_rules_table(source, article, overrides, outcome, mandatory, cited, option):
    # given a violation no list covers, with the facts of the row
    decision = decide(facts(violation=T002, **overrides), source)
    # then the law alone decides
    assert decision.outcome == outcome, decision.explanation
    assert decision.mandatory is mandatory
    if cited:
        assert cited in {b["article"] for b in decision.legal_basis}
    assert [o.outcome for o in decision.discretionary_options] == ([option] if option else [])


def test_statute_is_more_lenient_than_the_list_item(source):
    # given a lighter catch-all item holds, and art. 33 para. 2 (no fault) applies
    decision = decide(facts(first_violation=False, circumstances=["no_subjective_fault"]), source)
    # then the mandatory statutory outcome wins and the list item is not cited as the ground
    assert decision.outcome == "no_penalty"
    assert decision.list_item is None
    assert decision.mandatory is True


def test_list_item_more_lenient_than_statute_keeps_item_and_cites_both(source):
    # given reduced item T-JQ-1 holds and art. 32 (主动消除危害后果) also applies (seed 000 annex 2 item 1)
    decision = decide(facts(violation=CATALOGUE[2]["name"], harm="minor", substantive_compliance=True,
                            circumstances=["actively_eliminated_harm"]), source)
    assert decision.outcome == "reduced"
    assert decision.list_item["id"] == "T-JQ-1"
    assert decision.mandatory is True
    assert 32 in {b["article"] for b in decision.legal_basis}


@pytest.mark.parametrize("overrides", [
    {},  # list item (seed 000 annex 1)
    {"violation": T002, "circumstances": ["no_subjective_fault"]},  # art. 33 para. 2
    {"violation": T002, "party": {**PERSON, "age": 12}},  # art. 30
])
def test_no_penalty_always_brings_education_art_33_para_3(source, overrides):
    decision = decide(facts(**overrides), source)
    assert decision.outcome == "no_penalty"
    assert "说服教育" in decision.measures
    assert any(b["article"] == 33 and b["paragraph"] == 3 for b in decision.legal_basis)


def test_under_14_orders_guardian_discipline(source):
    decision = decide(facts(violation=T002, party={**PERSON, "age": 13}), source)
    assert "责令监护人加以管教" in decision.measures


def _two_versions(new_is_lenient: bool):
    old = version_dict(effective_to="2024-01-01")
    new = version_dict(version="T-2", effective_from="2024-01-01")
    target = new if new_is_lenient else old
    target["items"][0]["conditions"] = [c for c in target["items"][0]["conditions"] if c["id"] != "general_industry"]
    return make_source([old, new])


def test_art_37_new_version_more_lenient_applies():
    # given the violation happened under T-1 (一般行业 only) and T-2 at decision time drops that condition
    src = _two_versions(new_is_lenient=True)
    decision = decide(facts(violation_date="2023-06-01", party={"kind": "enterprise", "industry": "mining"}), src)
    # then the more lenient new version applies and art. 37 is cited
    assert decision.outcome == "no_penalty"
    assert decision.list_version.startswith("T-YJJ/T-2")
    assert 37 in {b["article"] for b in decision.legal_basis}
    assert "从旧兼从轻" in decision.explanation


def test_art_37_old_version_more_lenient_applies():
    # given the old version was the more lenient one (从旧)
    src = _two_versions(new_is_lenient=False)
    decision = decide(facts(violation_date="2023-06-01", party={"kind": "enterprise", "industry": "mining"}), src)
    assert decision.outcome == "no_penalty"
    assert decision.list_version.startswith("T-YJJ/T-1")
    assert 37 in {b["article"] for b in decision.legal_basis}
    chosen = [t for t in decision.trace if t["rule"] == "xzcf_37_lenient_law"]
    assert {t["result"] for t in chosen} == {"chosen", "compared"}


def test_art_37_not_cited_when_the_same_version_was_in_force(source):
    decision = decide(facts(violation_date="2023-06-01"), source)
    assert 37 not in {b["article"] for b in decision.legal_basis}


def test_suspected_crime_refers_to_police_and_refuses_lists(source):
    # 涉嫌犯罪: 行刑衔接 (行政处罚法 art. 27)
    decision = decide(facts(circumstances=["suspected_crime"]), source)
    assert decision.refer_to_police is True
    assert decision.outcome == "standard"
    assert "suspected_crime" in decision.exclusions
    assert decision.discretionary_options == ()

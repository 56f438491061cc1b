"""The contract's rule order (shared/contracts/decision.md, "How the engine decides"), step by step,
on the synthetic rule book (tests/engine/rulebook.py, shaped like seed 000 annexes 1–4)."""

from __future__ import annotations

import pytest

from rouxing.engine import RuleConflictError, decide

from .rulebook import CATALOGUE, GENERAL, IN_TIME, facts, make_source, version_dict

T001, T002, T003 = (c["name"] for c in CATALOGUE)

# (case, facts overrides, outcome, list item id or None, exclusions that must be reported) — each row cites its rule
ROWS = [
    ("step 3: all conditions of no_penalty item hold (seed 000 annex 1 pattern)", {}, "no_penalty", "T-NP-1", []),
    ("step 2: scope exclusion accident refuses every list (seed 001 scope)", {"circumstances": ["accident"]},
     "standard", None, ["accident"]),
    ("step 3: high-risk industry fails 一般生产经营单位 (seed 000 annex 1 note 1)",
     {"party": {"kind": "enterprise", "industry": "mining"}}, "lighter", "T-CQ-1", ["high_risk_industry"]),
    ("step 3: not first violation (seed 000 annex 1)", {"first_violation": False}, "lighter", "T-CQ-1",
     ["not_first_violation"]),
    ("step 3: harm minor fails 没有造成危害后果 (art. 33 para. 1)", {"harm": "minor"}, "lighter", "T-CQ-1", ["harm"]),
    ("step 3: not corrected fails every item; catch-all too (seed 000 annex 3)", {"corrected": "overdue"},
     "standard", None, ["not_corrected"]),
    ("step 3: reduced item (seed 000 annex 2 item 1)",
     {"violation": T003, "harm": "minor", "substantive_compliance": True}, "reduced", "T-JQ-1", []),
    ("step 3: reduced item unmet falls to the catch-all lighter item (seed 000 annex 3)",
     {"violation": T003, "harm": "minor"}, "lighter", "T-CQ-1", ["conditions_unmet"]),
    ("step 3: catch-all item does not cover an excluded violation", {"violation": T002}, "standard", None,
     ["not_on_list"]),
    ("step 7: benchmark aggravating fact makes it heavier", {"violation": T002, "circumstances": ["repeated_violation"],
                                                              "first_violation": False},
     "heavier", None, ["not_on_list"]),
]


@pytest.mark.parametrize(("case", "overrides", "outcome", "item_id", "exclusions"), ROWS, ids=[r[0] for r in ROWS])
def test_rule_order_table(source, case, overrides, outcome, item_id, exclusions):
    # given the facts of the row / when deciding
    decision = decide(facts(**overrides), source)
    # then the outcome, the item applied and the reasons for refusing a more lenient outcome match
    assert decision.outcome == outcome, decision.explanation
    assert (decision.list_item or {}).get("id") == item_id
    for code in exclusions:
        assert code in decision.exclusions


def test_scope_exclusion_names_what_would_have_to_be_absent(source):
    decision = decide(facts(circumstances=["accident"]), source)
    assert decision.unmet_conditions[0] == "不属于“发生生产安全事故的除外”的情形"


def test_version_in_force_is_picked_by_date():
    # given version T-1 from 2022 and T-2 from 2024 that drops the 一般行业 condition
    new = version_dict(version="T-2", effective_from="2024-01-01")
    new["items"][0]["conditions"] = [c for c in new["items"][0]["conditions"] if c["id"] != "general_industry"]
    old = version_dict(effective_to="2024-01-01")
    src = make_source([old, new])
    mining = {"party": {"kind": "enterprise", "industry": "mining"}}
    # when a mining company is decided in 2023 and in 2024
    in_2023 = decide(facts(date="2023-06-01", **mining), src)
    in_2024 = decide(facts(date="2024-06-01", **mining), src)
    # then each date uses its own version
    assert (in_2023.outcome, in_2023.list_version.split()[0]) == ("lighter", "T-YJJ/T-1")
    assert (in_2024.outcome, in_2024.list_version.split()[0]) == ("no_penalty", "T-YJJ/T-2")


def test_no_version_in_force_still_decides_by_law(source):
    # given a date before the first version / when deciding / then statutory defaults apply, no list item
    decision = decide(facts(date="2021-06-01"), source)
    assert decision.outcome == "standard"
    assert decision.list_version == "none"
    assert "not_on_list" in decision.exclusions


def test_specific_item_wins_over_catch_all_of_same_list():
    # given a catch-all no_penalty item next to the specific one (seed 002 section 四(一) pattern)
    data = version_dict()
    data["items"].append({"id": "T-NP-9", "list": "no_penalty", "seq": 9, "name": "兜底不予处罚", "catch_all": True,
                          "conditions": [IN_TIME], "basis": data["items"][0]["basis"], "measures": ["行政提示"]})
    # when the specific item holds
    decision = decide(facts(), make_source([data]))
    # then it is the specific item that is cited
    assert decision.list_item["id"] == "T-NP-1"


def test_two_items_of_one_level_with_different_results_are_a_conflict():
    # given two specific no_penalty items for T-001 with different measures, both holding
    data = version_dict()
    twin = dict(data["items"][0], id="T-NP-2", seq=2, code="T-BYCF-002", conditions=[GENERAL], measures=["行政约谈"])
    data["items"].append(twin)
    # when deciding / then the engine refuses to settle it by row order
    with pytest.raises(RuleConflictError) as err:
        decide(facts(), make_source([data]))
    assert "冲突" in err.value.message


def test_unmet_conditions_name_the_nearest_item(source):
    # given an enterprise failing two conditions of T-NP-1 but only one of the catch-all T-CQ-1
    decision = decide(facts(first_violation=False, corrected="overdue"), source)
    # then the nearest item is the one with fewest failed conditions, its labels in Chinese
    assert decision.unmet_conditions == ("及时改正",)
    assert "T-CQ-1" not in str(decision.list_item)
    assert "从轻行政处罚清单第1项" in decision.explanation


def test_nearest_item_tie_goes_to_the_more_lenient_list(source):
    # given both T-NP-1 and T-CQ-1 fail only their correction condition
    decision = decide(facts(corrected="overdue"), source)
    # then the no_penalty item is named as nearest
    assert decision.unmet_conditions == ("及时改正",)
    assert "不予行政处罚清单第1项" in decision.explanation


def test_fine_band_from_benchmark_fractions(source):
    # given T-002 (10,000–50,000 yuan) with a per-violation standard band of 0.2–0.5
    decision = decide(facts(violation=T002), source)
    # then the band is computed from the statutory range
    assert decision.fine.as_dict() == {"statutory_min": 10000, "statutory_max": 50000, "band_min": 18000,
                                       "band_max": 30000}


def test_overdue_correction_uses_the_overdue_fine_range(source):
    # given T-001 not corrected by the deadline (安全生产法: 逾期未改正 处十万元以上二十万元以下)
    decision = decide(facts(corrected="overdue"), source)
    # then the statutory range is the overdue one
    assert (decision.fine.statutory_min, decision.fine.statutory_max) == (100000, 200000)
    assert decision.fine.band_min == 130000


def test_no_penalty_has_no_fine_and_cites_item_and_version(source):
    decision = decide(facts(), source)
    assert decision.fine is None
    assert decision.list_item == {"org": "测试市应急管理局", "list": "no_penalty", "seq": 1, "code": "T-BYCF-001",
                                  "name": T001 + "。", "version": "T-1", "id": "T-NP-1", "source_org": "测试市应急管理局"}
    assert decision.list_version == "T-YJJ/T-1"
    assert "测司备〔2022〕1号" in decision.explanation
    assert "T-1" in decision.explanation and "第1项" in decision.explanation


def test_trace_names_every_candidate_tried_with_facts_read(source):
    decision = decide(facts(first_violation=False), source)
    tried = {t["rule"]: t for t in decision.trace if t["kind"] == "list_item"}
    assert tried["T-NP-1"]["result"] == "failed"
    assert tried["T-NP-1"]["failed"] == ["first_violation"]
    assert tried["T-NP-1"]["facts"]["first_violation"] is False
    assert tried["T-CQ-1"]["result"] == "fulfilled"
    assert [t["step"] for t in decision.trace if t["kind"] == "scope_exclusion"] == [2]


def test_item_code_finds_the_item_instead_of_the_name(source):
    payload = facts(item_code="T-BYCF-001")
    del payload["violation"]
    assert decide(payload, source).list_item["id"] == "T-NP-1"


def test_catalogue_code_as_item_code(source):
    payload = facts(item_code="T-001")
    del payload["violation"]
    assert decide(payload, source).outcome == "no_penalty"


@pytest.mark.parametrize("spelling", [
    "生产经营单位未建立事故隐患排查治理制度的。",
    " 生产经营单位 未建立事故隐患排查治理制度的 ",
    "生产经营单位未建立事故隐患排查治理制度的.",
    "未建立隐患排查制度",
])
def test_violation_name_matching_ignores_spacing_and_trailing_stop(source, spelling):
    assert decide(facts(violation=spelling), source).list_item["id"] == "T-NP-1"


def test_violation_matching_folds_full_and_half_width_punctuation():
    data = version_dict()
    data["items"][1]["name"] = "生产经营单位未按照规定开展应急预案评审（含修订）的"
    src = make_source([data])
    decision = decide(facts(violation="生产经营单位未按照规定开展应急预案评审(含修订)的", harm="minor",
                            substantive_compliance=True), src)
    assert decision.list_item["id"] == "T-JQ-1"


def test_claimed_version_items_keep_their_provenance():
    # given a county version claiming the city's items (认领), from 2023
    county = version_dict(org={"code": "C-YJJ", "name": "测试县应急管理局"}, version="C-1", effective_from="2023-01-01",
                          claimed_from={"org": "T-YJJ", "version": "T-1"})
    for item in county["items"]:
        item["source_org"] = "测试市应急管理局"
    src = make_source([version_dict(), county])
    decision = decide(facts(org="测试县应急管理局"), src)
    assert decision.list_item["org"] == "测试县应急管理局"
    assert decision.list_item["source_org"] == "测试市应急管理局"
    assert decision.list_version.startswith("C-YJJ/C-1")
    assert "认领自测试市应急管理局" in decision.explanation

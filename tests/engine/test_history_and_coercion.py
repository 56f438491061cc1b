"""首次被发现 computed from history within the look-back window, and 行政强制 (no_coercion list, 行政强制法
art. 5, 安全生产法 art. 70)."""

from __future__ import annotations

import datetime as dt

import pytest

from rouxing.engine import EngineInputError, decide

from .rulebook import CATALOGUE, facts, make_source, version_dict

T001 = CATALOGUE[0]["name"]


class History:
    """A history with fixed findings, recording what the engine asked."""

    def __init__(self, *found: str):
        self.found = [("T-001", dt.date.fromisoformat(d)) for d in found]
        self.asked: list[dict] = []

    def prior_violations(self, *, party, violation_code, before):
        self.asked.append({"party": party, "code": violation_code, "before": before})
        return [f for f in self.found if f[1] < before]


def _unknown_first(**kw):
    data = facts(**kw)
    del data["first_violation"]
    return data


@pytest.mark.parametrize(("priors", "first"), [
    ([], True),
    ([{"violation": T001, "date": "2023-06-01"}], False),
    ([{"item_code": "T-001", "date": "2023-06-01"}], False),
    ([{"violation": T001, "date": "2022-05-01"}], True),  # outside the 730-day window
    ([{"violation": CATALOGUE[1]["name"], "date": "2023-06-01"}], True),  # another violation
])
def test_first_violation_from_caller_history(source, priors, first):
    decision = decide(_unknown_first(prior_violations=priors), source)
    assert decision.first_violation is first
    assert decision.outcome == ("no_penalty" if first else "lighter")


def test_prior_violation_after_the_decision_date_is_a_contradiction(source):
    # contract version 2: a prior violation dated after `date` is an error naming the field, never ignored
    with pytest.raises(EngineInputError) as err:
        decide(_unknown_first(prior_violations=[{"violation": T001, "date": "2024-07-01"}]), source)
    assert err.value.field == "prior_violations[0].date"


def test_first_violation_true_with_a_prior_in_the_window_is_a_contradiction(source):
    with pytest.raises(EngineInputError) as err:
        decide(facts(prior_violations=[{"violation": T001, "date": "2024-01-01"}]), source)
    assert err.value.field == "first_violation,prior_violations"
    # outside the look-back window there is no contradiction
    assert decide(facts(prior_violations=[{"violation": T001, "date": "2021-01-01"}]), source).first_violation is True


def test_first_violation_from_database_history(source):
    history = History("2023-12-01")
    decision = decide(_unknown_first(party={"kind": "enterprise", "industry": "general", "uscc": "91350400X"}),
                      source, history=history)
    assert decision.first_violation is False
    assert "not_first_violation" in decision.exclusions
    assert history.asked == [{"party": {"kind": "enterprise", "industry": "general", "uscc": "91350400X"},
                              "code": "T-001", "before": dt.date(2024, 6, 1)}]


def test_look_back_window_is_the_bureaus():
    short = make_source(lookback_days=90)
    decision = decide(_unknown_first(), short, history=History("2024-01-01"))
    assert decision.first_violation is True


def test_given_first_violation_is_not_second_guessed(source):
    decision = decide(facts(first_violation=True), source, history=History("2024-01-01"))
    assert decision.first_violation is True


def test_computed_first_violation_is_stored_with_the_facts(source):
    # given facts without first_violation, when decided, then the stored facts carry the computed value
    decision = decide(_unknown_first(), source, history=History("2024-01-01"))
    assert decision.facts is not None and decision.facts.first_violation is None  # the input as given
    assert decision.to_dict()["facts"]["first_violation"] is False


# 行政强制法 art. 16(1) and 安全生产法 arts. 65(1)(三)/(四), 70 (contract rule 12): a coercive measure is allowed
# only on a statutory ground for the facts, and the ground is cited.
GROUND_TABLE = [
    # (measure, circumstances, allowed, article of 安全生产法 cited)
    ("temporary_suspension", ["major_hidden_danger", "imminent_danger"], True, 65),
    ("temporary_suspension", ["major_hidden_danger"], False, 65),
    ("temporary_suspension", ["imminent_danger"], False, 65),
    ("equipment_stop", ["major_hidden_danger", "imminent_danger"], True, 65),
    ("equipment_stop", [], False, 65),
    ("seal_or_seize", ["nonconforming_equipment"], True, 65),
    ("seal_or_seize", ["illegal_dangerous_goods"], True, 65),
    ("seal_or_seize", ["major_hidden_danger"], False, 65),
    ("power_cut", ["major_hidden_danger", "imminent_danger", "refused_temporary_measures"], True, 70),
    ("power_cut", ["major_hidden_danger", "imminent_danger"], False, 70),
    ("power_cut", ["major_hidden_danger", "refused_temporary_measures"], False, 70),
    ("power_cut", ["imminent_danger", "refused_temporary_measures"], False, 70),
]


@pytest.mark.parametrize(("measure", "circumstances", "allowed", "article"), GROUND_TABLE)
def test_coercion_needs_a_statutory_ground(source, measure, circumstances, allowed, article):
    decision = decide(facts(coercive_measure=measure, circumstances=circumstances, corrected="not_yet"), source)
    coercion = decision.to_dict()["coercion"]
    assert coercion["allowed"] is allowed
    cited = {(b["law"], b["article"]) for b in coercion["legal_basis"]}
    assert ("中华人民共和国安全生产法", article) in cited
    if allowed:
        assert coercion["conditions"], "a lawful measure lists what must still be done"
        assert ("中华人民共和国行政强制法", 5) in cited
    else:
        assert ("中华人民共和国行政强制法", 16) in cited
        assert coercion["conditions"] == []
        assert "法定依据" in coercion["reason"]


def test_power_cut_lists_the_conditions_of_art_70(source):
    decision = decide(facts(coercive_measure="power_cut", corrected="refused",
                            circumstances=["major_hidden_danger", "imminent_danger", "refused_temporary_measures"]), source)
    conditions = "；".join(decision.coercion.conditions)
    for needed in ("主要负责人批准", "书面", "提前二十四小时"):
        assert needed in conditions


def test_no_coercion_item_refuses_a_measure_that_has_a_ground():
    # given a ground (seal_or_seize on nonconforming equipment) and a no_coercion item whose conditions hold, when
    # decided, then the list refuses the measure (行政强制法 arts. 5, 16(2)) and names its item
    data = version_dict()
    data["items"][3]["coercive_measures"] = ["seal_or_seize"]
    data["items"][3]["conditions"] = [{"id": "no_accident", "label": "未发生生产安全事故", "exclusion": "accident",
                                       "when": {"fact": "circumstances", "op": "lacks", "value": "accident"}}]
    decision = decide(facts(coercive_measure="seal_or_seize", circumstances=["nonconforming_equipment"]),
                      make_source([data]))
    assert decision.coercion.allowed is False
    assert {b["article"] for b in decision.coercion.legal_basis} >= {5, 16}
    assert "第1项" in decision.coercion.reason
    assert decision.coercion.list_item["id"] == "T-NC-1"


def test_coercion_item_does_not_cover_other_measures(source):
    decision = decide(facts(coercive_measure="seal_or_seize", circumstances=["illegal_dangerous_goods"]), source)
    assert decision.coercion.allowed is True


def test_scope_exclusion_refuses_no_coercion_items():
    data = version_dict()
    data["items"][3]["coercive_measures"] = ["seal_or_seize"]
    data["items"][3]["conditions"] = []
    decision = decide(facts(coercive_measure="seal_or_seize", circumstances=["accident", "nonconforming_equipment"]),
                      make_source([data]))
    assert decision.coercion.allowed is True
    assert "accident" in decision.exclusions


def test_no_coercion_asked_gives_null(source):
    assert decide(facts(), source).coercion is None

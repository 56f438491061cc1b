"""首次被发现 computed from history within the look-back window, and 行政强制 (no_coercion list, 行政强制法
art. 5, 安全生产法 art. 70)."""

from __future__ import annotations

import datetime as dt

import pytest

from rouxing.engine import decide

from .rulebook import CATALOGUE, facts, make_source

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
    ([{"violation": T001, "date": "2024-07-01"}], True),  # after the decision date
])
def test_first_violation_from_caller_history(source, priors, first):
    decision = decide(_unknown_first(prior_violations=priors), source)
    assert decision.first_violation is first
    assert decision.outcome == ("no_penalty" if first else "lighter")


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


def test_no_coercion_item_refuses_the_measure(source):
    # given T-NC-1 refuses 暂时停产停业 where there is no real danger (seed 002 section 四(一) 3 pattern)
    decision = decide(facts(coercive_measure="temporary_suspension"), source)
    assert decision.coercion.allowed is False
    assert {b["article"] for b in decision.coercion.legal_basis} >= {5, 16}
    assert "第1项" in decision.coercion.reason


def test_coercion_allowed_when_the_item_conditions_fail(source):
    decision = decide(facts(coercive_measure="temporary_suspension", circumstances=["imminent_danger"]), source)
    assert decision.coercion.allowed is True
    assert decision.coercion.legal_basis[0]["article"] == 5


def test_coercion_item_does_not_cover_other_measures(source):
    decision = decide(facts(coercive_measure="seal_or_seize"), source)
    assert decision.coercion.allowed is True


def test_scope_exclusion_refuses_no_coercion_items(source):
    decision = decide(facts(coercive_measure="temporary_suspension", circumstances=["accident"]), source)
    assert decision.coercion.allowed is True
    assert "accident" in decision.exclusions


@pytest.mark.parametrize(("circumstances", "corrected", "allowed"), [
    (["major_hidden_danger", "imminent_danger", "refused_temporary_measures"], "not_yet", True),
    (["major_hidden_danger", "imminent_danger"], "refused", True),
    (["major_hidden_danger"], "refused", False),
    (["imminent_danger", "refused_temporary_measures"], "not_yet", False),
])
def test_power_cut_needs_art_70_facts(source, circumstances, corrected, allowed):
    # 安全生产法 art. 70: 重大事故隐患 + 拒不执行 + 现实危险
    decision = decide(facts(coercive_measure="power_cut", circumstances=circumstances, corrected=corrected), source)
    assert decision.coercion.allowed is allowed


def test_no_coercion_asked_gives_null(source):
    assert decide(facts(), source).coercion is None

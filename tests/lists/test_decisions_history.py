"""The party's History the cases app hands to the decision service: an earlier finding makes the
violation a repeat one; without the cases app's hook the service refuses instead of deciding as if the
party had no history (which would recommend leniency for a repeat offender)."""

from __future__ import annotations

import datetime as dt

import pytest

from rouxing.core.hooks import HookMissing
from rouxing.lists.decisions import evaluate
from rouxing.lists.history import PARTY_HISTORY, History

pytestmark = pytest.mark.django_db
SM_NP2 = "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的"
PARTY = {"kind": "enterprise", "industry": "general", "uscc": "91350400MA00000001"}


def facts(**overrides) -> dict:
    """Seed 000 annex 1 item 2 without `first_violation`: the service works it out from the history."""
    return {"org": "三明市应急管理局", "date": "2024-06-01", "violation": SM_NP2, "party": PARTY,
            "corrected": "within_deadline", "harm": "none", **overrides}


@pytest.fixture
def no_history_hook():
    provider = PARTY_HISTORY.clear()
    yield
    PARTY_HISTORY.provide(provider)


def _prior(decision: dict) -> list[str]:
    step = next(s for s in decision["trace"] if s.get("rule") == "first_violation")
    return step["facts"]["prior"]


def test_an_earlier_finding_in_the_history_makes_it_a_repeat_violation(demo):
    first = evaluate(facts(), history=History())
    code = first["violation"]["code"]
    repeat = evaluate(facts(), history=History(findings=((code, dt.date(2024, 3, 1)),)))
    assert _prior(first) == [] and first["outcome"] == "no_penalty"
    assert _prior(repeat) == ["2024-03-01"] and repeat["outcome"] != "no_penalty"
    # a finding of another violation, or one on/after the decision date, does not count
    other = evaluate(facts(), history=History(findings=(("OTHER", dt.date(2024, 3, 1)), (code, dt.date(2024, 6, 1)))))
    assert _prior(other) == [] and other["outcome"] == "no_penalty"


def test_without_the_cases_hook_the_service_refuses_rather_than_deciding_with_no_history(demo, no_history_hook):
    with pytest.raises(HookMissing, match="lists.party_history"):
        evaluate(facts())

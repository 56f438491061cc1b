"""Publish / withdraw pages: roles, another bureau (404), supervisors (403), nothing changed on refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from rouxing.cases.models import PenaltyDecision

from .conftest import reload
from .test_publicity import issue


@pytest.fixture
def decision(sm):
    return issue(sm)


def test_officer_publishes_from_the_case_page(demo, decision):
    client = demo.client("sm_officer1")
    page = client.get(f"/cases/{decision.case_id}/")
    assert f"/cases/{decision.case_id}/decision/publish/" in page.content.decode()
    response = client.post(f"/cases/{decision.case_id}/decision/publish/", {"lock_version": decision.lock_version})
    assert response.status_code == 302
    assert reload(decision).is_public


@pytest.mark.parametrize("username,status", [("sm_supervisor", 403), ("sm_reviewer", 403), ("mx_officer1", 404)])
def test_others_cannot_publish_and_nothing_changes(demo, decision, username, status):
    response = demo.client(username).post(f"/cases/{decision.case_id}/decision/publish/",
                                          {"lock_version": decision.lock_version})
    assert response.status_code == status
    assert reload(decision).published_at is None


def test_stale_version_is_refused_without_change(demo, decision):
    PenaltyDecision.objects.filter(pk=decision.pk).update(lock_version=decision.lock_version + 1)
    response = demo.client("sm_officer1").post(f"/cases/{decision.case_id}/decision/publish/",
                                               {"lock_version": decision.lock_version})
    assert response.status_code == 409
    assert reload(decision).published_at is None


def test_withdraw_page_keeps_the_reason_asked(demo, decision, sm):
    from rouxing.cases import services as svc

    svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    decision = reload(decision)
    client = demo.client("sm_approver")
    bad = client.post(f"/cases/{decision.case_id}/decision/withdraw/", {"lock_version": decision.lock_version})
    assert bad.status_code == 400 and reload(decision).is_public
    ok = client.post(f"/cases/{decision.case_id}/decision/withdraw/",
                     {"lock_version": decision.lock_version, "reason": "公示期满"})
    assert ok.status_code == 302
    decision = reload(decision)
    assert decision.publicity_withdrawn_at is not None and decision.published_at.date() <= dt.date.today()

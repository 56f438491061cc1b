"""行政处罚决定公示: deadline in working days, publish, withdraw, worklist, permissions (seed 003 三(三)1)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from rouxing.cases import selectors
from rouxing.cases import services as svc
from rouxing.cases.models import PenaltyDecision
from rouxing.core.models import AuditEvent
from rouxing.parties.models import CreditRecord

from .conftest import reload


def approved_case(sm):
    case = sm.case(status="notified")
    review = svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    svc.legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意")
    case = reload(case)
    svc.case_approve(user=sm.approver, case=case, expected_version=case.lock_version)
    return reload(case)


def issue(sm, *, decided_on=dt.date(2024, 11, 5), outcome="standard", fine=20000) -> PenaltyDecision:
    case = approved_case(sm)
    return svc.decision_issue(user=sm.officer, case=case, expected_version=case.lock_version, outcome=outcome,
                              fine_amount=fine, reasoning="逾期未改正", decided_on=decided_on)


def test_publicity_deadline_counts_working_days_across_national_day(sm):
    # given a decision on Friday 2024-09-27, before the 国庆 holiday (10-01..10-07; 9-29 and 10-12 are 调休 workdays)
    decision = issue(sm, decided_on=dt.date(2024, 9, 27))
    # then 7 working days are 9-29, 9-30, 10-08, 10-09, 10-10, 10-11, 10-12
    assert decision.publicity_deadline == dt.date(2024, 10, 12)


def test_publicity_deadline_follows_the_setting(sm, settings):
    settings.CASES_DECISION_PUBLICITY_WORKDAYS = 3
    decision = issue(sm, decided_on=dt.date(2024, 9, 27))
    assert decision.publicity_deadline == dt.date(2024, 10, 8)


def test_publishing_stamps_the_time_and_writes_the_credit_record(sm):
    # given an issued decision
    decision = issue(sm)
    # when it is published inside the deadline
    with time_machine.travel(dt.datetime(2024, 11, 7, 10, 0), tick=False):
        svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    # then it is public, with a 行政处罚信息公示 credit record of the party
    decision = reload(decision)
    assert decision.is_public and decision.published_by == sm.officer
    record = decision.publicity_record
    assert (record.kind, record.party_id, record.occurred_on) == (
        CreditRecord.Kind.PENALTY_PUBLICITY, sm.party.pk, dt.date(2024, 11, 5))
    assert record.expires_on == dt.date(2025, 11, 5)
    event = AuditEvent.objects.filter(event="cases.decision.publish", object_id=str(decision.pk)).get()
    assert event.detail["on_time"] is True


def test_publishing_twice_is_refused(sm):
    decision = issue(sm)
    svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    decision = reload(decision)
    with pytest.raises(ValidationError, match="已于"):
        svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    assert CreditRecord.objects.filter(party=sm.party, kind="penalty_publicity").count() == 1


def test_no_penalty_decision_is_not_published(sm):
    decision = issue(sm, outcome="no_penalty", fine=0)
    with pytest.raises(ValidationError, match="不予行政处罚"):
        svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    assert reload(decision).published_at is None


def test_withdrawing_needs_a_reason_and_withdraws_the_credit_record(sm):
    decision = issue(sm)
    svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    decision = reload(decision)
    with pytest.raises(ValidationError, match="理由"):
        svc.decision_publicity_withdraw(user=sm.officer, decision=decision, expected_version=decision.lock_version,
                                        reason=" ")
    svc.decision_publicity_withdraw(user=sm.approver, decision=decision, expected_version=decision.lock_version,
                                    reason="决定被撤销")
    decision = reload(decision)
    assert not decision.is_public and decision.publicity_withdrawal_reason == "决定被撤销"
    assert decision.publicity_record.withdrawn_on is not None


def test_reviewer_and_supervisor_cannot_publish(sm):
    decision = issue(sm)
    for user in (sm.reviewer, sm.supervisor):
        with pytest.raises(PermissionDenied):
            svc.decision_publish(user=user, decision=decision, expected_version=decision.lock_version)
    assert reload(decision).published_at is None


def test_worklist_shows_unpublished_decision_due_then_overdue(sm):
    # given a decision of 2024-11-05, publicity deadline 2024-11-14
    decision = issue(sm)
    assert decision.publicity_deadline == dt.date(2024, 11, 14)
    # when the officer looks on 11-12 it is due this week; on 11-15 it is overdue
    due = selectors.worklist(sm.officer, today=dt.date(2024, 11, 12))
    assert any(r["kind"] == "publicity" and r["obj"].pk == decision.pk for r in due["due"])
    late = selectors.worklist(sm.officer, today=dt.date(2024, 11, 15))
    assert any(r["kind"] == "publicity" and r["obj"].pk == decision.pk for r in late["overdue"])
    # and once published it leaves the worklist
    svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    after = selectors.worklist(sm.officer, today=dt.date(2024, 11, 15))
    assert not [r for r in after["overdue"] + after["due"] + after["waiting"] if r["kind"] == "publicity"]


def test_publication_made_on_an_earlier_day_is_recorded_with_that_day(sm):
    decision = issue(sm)
    with pytest.raises(ValidationError, match="公示日期"):
        svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version,
                             published_on=dt.date(2024, 11, 4))
    svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version,
                         published_on=dt.date(2024, 11, 8))
    decision = reload(decision)
    from django.utils import timezone

    assert timezone.localtime(decision.published_at).date() == dt.date(2024, 11, 8)
    event = AuditEvent.objects.filter(event="cases.decision.publish", object_id=str(decision.pk)).get()
    assert event.detail["on_time"] is True


def test_the_daily_job_withdraws_decisions_whose_publicity_period_ended(sm):
    from rouxing.core import schedule

    # given a decision of 2024-11-05 published 2024-11-07; its publicity runs until 2025-11-05
    decision = issue(sm)
    with time_machine.travel(dt.datetime(2024, 11, 7, 10, 0), tick=False):
        svc.decision_publish(user=sm.officer, decision=decision, expected_version=decision.lock_version)
    # on the last day it stays public
    with time_machine.travel(dt.datetime(2025, 11, 5, 1, 0), tick=False):
        results = {name: summary for name, _ok, summary in schedule.run_due()}
    assert results["publicity_expiry"] == "公示期满撤回行政处罚决定 0 件。"
    assert reload(decision).is_public
    from django.test import Client

    assert Client().get(f"/public/decisions/{decision.pk}/").status_code == 200
    # the next day the job takes it off the public pages, withdraws the credit record and audits it
    with time_machine.travel(dt.datetime(2025, 11, 6, 1, 0), tick=False):
        results = {name: summary for name, _ok, summary in schedule.run_due()}
    assert results["publicity_expiry"] == "公示期满撤回行政处罚决定 1 件。"
    decision = reload(decision)
    assert not decision.is_public and decision.publicity_withdrawal_reason == "公示期满撤回"
    assert decision.publicity_record.withdrawn_on == dt.date(2025, 11, 6)
    assert AuditEvent.objects.filter(event="cases.decision.publicity_withdraw", object_id=str(decision.pk)).exists()
    assert Client().get(f"/public/decisions/{decision.pk}/").status_code == 404

"""法制审核 is mandatory (seed 002 item 5; seed 003 三项制度): no decision without an approved review."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rouxing.cases.models import Case, LegalReview, PenaltyDecision
from rouxing.cases.services import (
    case_approve,
    decision_issue,
    legal_review_decide,
    legal_review_submit,
)
from rouxing.core.models import AuditEvent

from .conftest import reload

DECIDE = {"outcome": "standard", "fine_amount": 20000, "reasoning": "逾期未改正。", "decided_on": dt.date(2024, 11, 5)}


def _issue(sm, case):
    case = reload(case)
    return decision_issue(user=sm.officer, case=case, expected_version=case.lock_version, **DECIDE)


def test_decision_without_any_legal_review_is_refused_and_nothing_changes(sm):
    # given an approved-looking case that never went through legal review
    case = sm.case(status="approved")
    # when a decision is issued
    with pytest.raises(PermissionDenied, match="法制审核"):
        _issue(sm, case)
    # then no decision exists and the status is unchanged
    assert not PenaltyDecision.objects.filter(case=case).exists()
    assert reload(case).status == Case.Status.APPROVED


def test_decision_with_pending_review_is_refused(sm):
    case = sm.case(status="notified")
    legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    with pytest.raises(PermissionDenied):
        _issue(sm, case)
    assert not PenaltyDecision.objects.filter(case=case).exists()


def test_returned_review_sends_case_back_to_investigating_and_blocks_the_decision(sm):
    # given a submitted case
    case = sm.case(status="notified")
    review = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    # when the reviewer returns it with opinions
    legal_review_decide(user=sm.reviewer, review=review, result="returned", opinions="证据不足，补充询问笔录。")
    # then the case is back in investigation and a decision is refused
    assert reload(case).status == Case.Status.INVESTIGATING
    assert reload(review).result == LegalReview.Result.RETURNED
    with pytest.raises(PermissionDenied):
        _issue(sm, case)


def test_decision_after_approved_review_and_approval_is_issued(sm):
    # given a case reviewed and approved
    case = sm.case(status="notified")
    review = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="事实清楚，证据确凿。")
    case = reload(case)
    case_approve(user=sm.approver, case=case, expected_version=case.lock_version)
    # when the decision is issued
    decision = _issue(sm, case)
    # then it rests on that review, the case is decided, publicity falls within 7 working days
    assert decision.legal_review_id == review.pk
    assert reload(case).status == Case.Status.DECIDED
    assert decision.publicity_deadline == dt.date(2024, 11, 14)
    assert AuditEvent.objects.filter(event="cases.decision.issue", object_id=str(decision.pk)).exists()


def test_later_returned_review_overrides_an_earlier_approval(sm):
    # given a case approved once, then sent back to investigation by a second, returned review
    case = sm.case(status="notified")
    first = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    legal_review_decide(user=sm.reviewer, review=first, result="returned", opinions="补正")
    case = reload(case)
    second = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    # when the latest review is still pending, the earlier result does not count
    assert second.result == LegalReview.Result.PENDING
    with pytest.raises(PermissionDenied):
        _issue(sm, case)


def test_only_a_reviewer_may_decide_a_legal_review(sm):
    case = sm.case(status="notified")
    review = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    with pytest.raises(PermissionDenied):
        legal_review_decide(user=sm.officer, review=review, result="approved", opinions="自己审自己")
    assert reload(review).result == LegalReview.Result.PENDING


def test_returning_without_opinions_is_refused(sm):
    case = sm.case(status="notified")
    review = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    with pytest.raises(ValidationError, match="审核意见"):
        legal_review_decide(user=sm.reviewer, review=review, result="returned", opinions="  ")
    assert reload(case).status == Case.Status.UNDER_REVIEW


def test_submission_before_notification_is_refused(sm):
    case = sm.case(status="investigating", notified=False)
    with pytest.raises(ValidationError, match="告知"):
        legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    assert not case.legal_reviews.exists()


def _reviewed_and_approved(sm):
    case = sm.case(status="notified")
    review = legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意")
    case = reload(case)
    case_approve(user=sm.approver, case=case, expected_version=case.lock_version)
    return reload(case)


def test_fine_outside_the_band_needs_a_written_reason(sm):
    case = _reviewed_and_approved(sm)
    with pytest.raises(ValidationError, match="裁量基准"):
        decision_issue(user=sm.officer, case=case, expected_version=case.lock_version,
                       **{**DECIDE, "fine_amount": 10000})
    assert not PenaltyDecision.objects.filter(case=case).exists()
    with pytest.raises(ValidationError, match="超出裁量基准.*集体讨论"):
        decision_issue(user=sm.officer, case=case, expected_version=case.lock_version,
                       **{**DECIDE, "fine_amount": 10000}, departure_reason="主动消除危害后果，社会影响较小。")
    from rouxing.cases.services import collective_discussion_record

    collective_discussion_record(user=sm.approver, case=case, held_on=dt.date(2024, 11, 1), chair="局长",
                                 attendees="局长、副局长、法制科长", conclusion="同意在基准以下处罚")
    decision = decision_issue(user=sm.officer, case=case, expected_version=case.lock_version,
                              **{**DECIDE, "fine_amount": 10000}, departure_reason="主动消除危害后果，社会影响较小。")
    assert decision.fine_amount == 10000
    assert not decision.inside_band


@pytest.mark.parametrize("fine,hearing,hearing_deadline", [
    (30000, True, dt.date(2024, 10, 28)),   # at the threshold: 听证 notified, 5 working days (10-26/27 weekend)
    (20000, False, None),  # below: no hearing right
])
def test_notice_tells_of_the_hearing_right_from_the_violations_threshold(sm, fine, hearing, hearing_deadline):
    from rouxing.cases.services import case_notify

    case = sm.case(status="investigating", notified=False)
    case_notify(user=sm.officer, case=case, expected_version=case.lock_version, notified_on=dt.date(2024, 10, 21),
                proposed_outcome="standard", proposed_fine=fine)
    case = reload(case)
    assert case.status == Case.Status.NOTIFIED
    assert case.hearing_notified is hearing
    assert case.statement_deadline == dt.date(2024, 10, 24)  # 陈述申辩: 3 working days
    assert case.hearing_request_deadline == hearing_deadline

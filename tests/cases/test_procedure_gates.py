"""The gates of the general procedure (issue 16): each refused step raises its Chinese rule and stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.cases import services as svc
from rouxing.cases.models import Case, LegalReview, PenaltyDecision
from rouxing.core.models import AuditEvent
from rouxing.documents.models import DeliveryRecord

from .conftest import STORED_DECISION, reload

WIDE = {**STORED_DECISION, "fine": {"statutory_min": 50000, "statutory_max": 200000,
                                    "band_min": 80000, "band_max": 150000}}


def rows() -> dict[str, list]:
    """Every row the procedure services write, for the before/after comparison."""
    return {
        "cases": list(Case.objects.order_by("pk").values()),
        "decisions": list(PenaltyDecision.objects.order_by("pk").values()),
        "deliveries": list(DeliveryRecord.objects.order_by("pk").values()),
        "reviews": list(LegalReview.objects.order_by("pk").values()),
        "audit": list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True)),
    }


def approved_case(sm, *, decision=WIDE, proposed_fine=100000, notified_on=dt.date(2024, 10, 21),
                  statement_deadline=None, discuss=True):
    """A notified case, legally reviewed and approved by the 负责人, waiting for its decision."""
    case = sm.case(status="notified")
    Case.objects.filter(pk=case.pk).update(engine_decision=decision, proposed_fine=proposed_fine,
                                           notified_on=notified_on, statement_deadline=statement_deadline)
    case = reload(case)
    review = svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version,
                                     submitted_on=notified_on)
    svc.legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意")
    case = reload(case)
    svc.case_approve(user=sm.approver, case=case, expected_version=case.lock_version)
    if discuss:  # fines above 50,000 元 are 重大违法行为 under the default rules: 集体讨论 first
        svc.collective_discussion_record(user=sm.approver, case=case, held_on=notified_on, chair="局长",
                                         attendees="局长、副局长、法制科长", conclusion="同意拟处罚意见")
    return reload(case)


def issue(sm, case, **kwargs):
    args = {"outcome": "standard", "fine_amount": 100000, "reasoning": "逾期未改正",
            "decided_on": dt.date(2024, 11, 5), **kwargs}
    return svc.decision_issue(user=sm.approver, case=case, expected_version=case.lock_version, **args)


def test_fine_above_the_statutory_maximum_is_refused_and_nothing_is_stored(sm):
    # given a case whose statutory range is 50,000–200,000 元, notified at 250,000
    case = approved_case(sm, proposed_fine=250000)
    before = rows()
    # when the 负责人 decides 250,000 元 with a written reason
    with pytest.raises(ValidationError) as refused:
        issue(sm, case, fine_amount=250000, departure_reason="情节严重")
    # then the rule is named and nothing changed
    assert "超出法定处罚幅度（50000–200000元）的上限" in str(refused.value)
    assert "第四条" in str(refused.value)
    assert rows() == before


def test_fine_below_the_minimum_needs_the_reduced_outcome_with_grounds(sm):
    case = approved_case(sm)
    before = rows()
    with pytest.raises(ValidationError) as refused:
        issue(sm, case, fine_amount=30000, departure_reason="初次违法")
    assert "低于法定处罚幅度" in str(refused.value) and "第三十二条" in str(refused.value)
    with pytest.raises(ValidationError, match="第三十二条"):
        issue(sm, case, outcome="reduced", fine_amount=30000)
    assert rows() == before
    # with the reduced outcome and its written grounds the decision is lawful
    decision = issue(sm, case, outcome="reduced", fine_amount=30000, departure_reason="主动消除违法行为危害后果")
    assert decision.fine_amount == 30000


def test_decision_before_the_statement_period_ends_is_refused(sm):
    # given a notice on 21 Oct with the 陈述申辩 period ending 24 Oct
    case = approved_case(sm, statement_deadline=dt.date(2024, 10, 24))
    before = rows()
    # when the decision is dated on the day of the notice, or on the last day of the period
    for day in (dt.date(2024, 10, 21), dt.date(2024, 10, 24)):
        with pytest.raises(ValidationError) as refused:
            issue(sm, case, decided_on=day)
        assert "陈述申辩期限至2024年10月24日届满" in str(refused.value) and "第六十二条" in str(refused.value)
    # then nothing is stored; the day after the period the decision is lawful
    assert rows() == before
    assert issue(sm, case, decided_on=dt.date(2024, 10, 25)).decided_on == dt.date(2024, 10, 25)


def test_a_written_waiver_allows_the_decision_within_the_period(sm):
    case = approved_case(sm, statement_deadline=dt.date(2024, 10, 24))
    with pytest.raises(ValidationError, match="书面材料"):
        svc.case_statement_waive(user=sm.officer, case=case, expected_version=case.lock_version,
                                 waived_on=dt.date(2024, 10, 22), written_note=" ")
    svc.case_statement_waive(user=sm.officer, case=case, expected_version=case.lock_version,
                             waived_on=dt.date(2024, 10, 22), written_note="法定代表人签署的放弃陈述申辩声明")
    case = reload(case)
    with pytest.raises(ValidationError, match="陈述申辩期限"):
        issue(sm, case, decided_on=dt.date(2024, 10, 21))  # before the waiver
    assert issue(sm, case, decided_on=dt.date(2024, 10, 22)).decided_on == dt.date(2024, 10, 22)


def test_a_heavier_fine_than_notified_needs_a_new_notice(sm):
    # given a notice of 100,000 元
    case = approved_case(sm, proposed_fine=100000)
    before = rows()
    # when the decision raises it to 150,000 (inside range and band)
    with pytest.raises(ValidationError) as refused:
        issue(sm, case, fine_amount=150000)
    assert "高于告知的拟罚款数额100000元" in str(refused.value) and "第四十五条" in str(refused.value)
    # or keeps the fine but hardens the outcome to 从重
    with pytest.raises(ValidationError, match="重于告知的“一般行政处罚”"):
        issue(sm, case, outcome="heavier", fine_amount=100000, departure_reason="x")
    assert rows() == before
    # a lower fine than notified is lawful
    assert issue(sm, case, fine_amount=90000).fine_amount == 90000


def test_delivery_is_a_structured_record_of_an_issued_document(sm):
    case = approved_case(sm)
    issue(sm, case)
    case = reload(case)
    before = rows()
    deliver = {"user": sm.officer, "case": case, "expected_version": case.lock_version, "recipient": "法定代表人"}
    # free text as the document is refused
    with pytest.raises(ValidationError, match="法定文书"):
        svc.delivery_record(**deliver, kind="决定书已送达", method="direct", delivered_on=dt.date(2024, 11, 6))
    # a method outside the 民事诉讼法 list
    with pytest.raises(ValidationError, match="民事诉讼法"):
        svc.delivery_record(**deliver, kind="decision", method="wechat", delivered_on=dt.date(2024, 11, 6))
    # a delivery dated before the decision
    with pytest.raises(ValidationError, match="送达日期不得早于行政处罚决定书的日期（2024-11-05）"):
        svc.delivery_record(**deliver, kind="decision", method="direct", delivered_on=dt.date(2024, 11, 4))
    # electronic delivery without the party's written consent
    with pytest.raises(ValidationError, match="书面同意"):
        svc.delivery_record(**deliver, kind="decision", method="electronic", delivered_on=dt.date(2024, 11, 6))
    assert rows() == before
    delivery = svc.delivery_record(**deliver, kind="decision", method="electronic", consent_confirmed=True,
                                   delivered_on=dt.date(2024, 11, 6))
    # the one delivery record: the documents app's DeliveryRecord of the issued 决定书
    assert delivery.document == case.decision.document and delivery.delivered_on == dt.date(2024, 11, 6)
    assert delivery.document_title == "行政处罚决定书" and delivery.consent_confirmed
    assert reload(case).status == Case.Status.DELIVERED


def test_the_decision_cannot_be_delivered_before_it_exists(sm):
    case = approved_case(sm)
    before = rows()
    with pytest.raises(ValidationError, match="尚未作出行政处罚决定"):
        svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="decision",
                            method="direct", delivered_on=dt.date(2024, 11, 6), recipient="x")
    # a notice without an issued 告知书 has nothing to deliver (the delivery is the document's record)
    with pytest.raises(ValidationError, match="行政处罚告知书未签发文书"):
        svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="notice",
                            method="post", delivered_on=dt.date(2024, 10, 23), recipient="x")
    assert rows() == before
    from rouxing.cases.services.documents import issue_notice

    Case.objects.filter(pk=case.pk).update(notice_document=issue_notice(user=sm.officer, case=case))
    case = reload(case)
    notice = svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="notice",
                                 method="post", delivered_on=dt.date(2024, 10, 23), recipient="x")
    assert notice.document == reload(case).notice_document and notice.document_title == "行政处罚告知书"
    assert reload(case).status == Case.Status.APPROVED


def test_notice_deadlines_are_working_days_across_national_day(sm):
    # given a notice on Sunday 29 Sep 2024 (a 调休 working day) before the 1–7 Oct holiday
    from rouxing.cases.services.procedure import case_deadlines

    case = sm.case(status="investigating", notified=False)
    svc.case_notify(user=sm.officer, case=case, expected_version=case.lock_version, notified_on=dt.date(2024, 9, 29),
                    proposed_outcome="standard", proposed_fine=30000)
    case = reload(case)
    # then 3 working days are 30 Sep, 8 Oct (调休 Saturday 12 Oct not needed), 9 Oct; 5 working days end 11 Oct
    assert case.statement_deadline == dt.date(2024, 10, 9)
    assert case.hearing_request_deadline == dt.date(2024, 10, 11)
    rows = {r["key"]: r for r in case_deadlines(case)}
    assert "第六十四条第一项" in rows["hearing_request"]["basis"] and "第八十五条" in rows["hearing_request"]["basis"]
    # and the decision may not be made before the later of the two has passed
    for day in (dt.date(2024, 10, 9), dt.date(2024, 10, 11)):
        with pytest.raises(ValidationError, match="2024年10月11日届满"):
            from rouxing.cases.services.procedure import ensure_statement_period_over
            ensure_statement_period_over(case, decided_on=day)


def test_delivery_deadline_is_seven_working_days_and_shown_on_the_case(demo, sm):
    from django.urls import reverse

    case = approved_case(sm)
    # decided Thursday 26 Dec 2024: 27, 30, 31 Dec, then (1 Jan a holiday) 2, 3, 6, 7 Jan
    decision = issue(sm, case, decided_on=dt.date(2024, 12, 26))
    assert decision.delivery_deadline == dt.date(2025, 1, 7)
    page = demo.client("sm_officer1").get(reverse("cases:case", args=[case.pk])).content.decode()
    section = page.split('id="deadline-delivery"')[1].split("</tr>")[0]
    assert "2025-01-07" in section and "第六十一条" in section and "工作日" in section
    case = reload(case)
    svc.delivery_record(user=sm.officer, case=case, expected_version=case.lock_version, kind="decision",
                        method="post", delivered_on=dt.date(2025, 1, 8), recipient="法定代表人")
    event = AuditEvent.objects.filter(event="cases.delivery.record").latest("pk")
    assert event.detail["on_time"] is False and event.detail["deadline"] == "2025-01-07"

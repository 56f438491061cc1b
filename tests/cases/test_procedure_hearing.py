"""听证, 法制审核 separation, 集体讨论 and the 90-day period (issue 16): refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rouxing.cases import services as svc
from rouxing.cases.models import Case, CollectiveDiscussion, Hearing, ProcedureRules

from .conftest import reload
from .test_procedure_gates import WIDE, approved_case, issue, rows


def hearing_rows() -> dict[str, list]:
    return {**rows(), "hearings": list(Hearing.objects.order_by("pk").values()),
            "discussions": list(CollectiveDiscussion.objects.order_by("pk").values())}


def notified_case(sm, *, fine: int, party=None, suspension: bool = False, on=dt.date(2024, 10, 21)):
    case = sm.case(status="investigating", notified=False)
    Case.objects.filter(pk=case.pk).update(engine_decision=WIDE, **({"party": party} if party else {}))
    case = reload(case)
    svc.case_notify(user=sm.officer, case=case, expected_version=case.lock_version, notified_on=on,
                    proposed_outcome="standard", proposed_fine=fine, proposed_suspension=suspension)
    return reload(case)


def test_hearing_threshold_depends_on_the_party_kind_and_the_bureau_rules(sm, demo):
    # defaults (legal_reference §3.5): 10,000 元 for a person, 30,000 元 for a 生产经营单位
    person = demo.party("SM-YJJ", kind="person")
    assert notified_case(sm, fine=10000, party=person).hearing_notified is True
    assert notified_case(sm, fine=10000).hearing_notified is False
    assert notified_case(sm, fine=30000).hearing_notified is True
    # 责令停产停业 carries the right whatever the fine
    assert notified_case(sm, fine=0, suspension=True).hearing_notified is True
    # a bureau that set 50,000 元 for units
    ProcedureRules.objects.create(org=sm.org, hearing_fine_unit=50000)
    case = notified_case(sm, fine=30000)
    assert case.hearing_notified is False and case.hearing_threshold == 50000


def test_hearing_request_after_five_working_days_is_refused(sm):
    case = notified_case(sm, fine=60000)  # notified Monday 21 Oct 2024: request until Monday 28 Oct
    before = hearing_rows()
    with pytest.raises(ValidationError, match="2024年10月28日届满.*第六十四条第一项"):
        svc.hearing_request(user=sm.officer, case=case, requested_on=dt.date(2024, 10, 29))
    assert hearing_rows() == before
    hearing = svc.hearing_request(user=sm.officer, case=case, requested_on=dt.date(2024, 10, 28))
    assert reload(case).hearing_requested and hearing.requested_on == dt.date(2024, 10, 28)


def test_no_hearing_right_no_request(sm):
    case = notified_case(sm, fine=10000)
    with pytest.raises(ValidationError, match="未告知听证权利"):
        svc.case_statement_record(user=sm.officer, case=case, expected_version=case.lock_version, statement="异议",
                                  hearing_requested=True, requested_on=dt.date(2024, 10, 22))
    assert reload(case).statement == "" and not Hearing.objects.filter(case=case).exists()


def test_the_hearing_gates_and_no_decision_before_the_report(sm):
    # given a requested hearing
    case = approved_case(sm, proposed_fine=100000, notified_on=dt.date(2024, 10, 21))
    Case.objects.filter(pk=case.pk).update(hearing_notified=True, hearing_request_deadline=dt.date(2024, 10, 28))
    hearing = svc.hearing_request(user=sm.officer, case=reload(case), requested_on=dt.date(2024, 10, 23))
    case = reload(case)
    before = hearing_rows()
    # the decision waits for the 听证报告
    with pytest.raises(ValidationError, match="听证报告前不得作出行政处罚决定"):
        issue(sm, case, decided_on=dt.date(2024, 11, 20))
    # the investigator may not host
    sched = {"user": sm.approver, "hearing": hearing, "expected_version": hearing.lock_version,
             "place": "局三楼听证室"}
    with pytest.raises(ValidationError, match="听证主持人不得由本案调查人员担任.*第六十四条第四项"):
        svc.hearing_schedule(**sched, host=sm.officer2, notified_on=dt.date(2024, 10, 24),
                             held_on=dt.date(2024, 11, 5))
    # notice less than seven working days before: held 5 Nov, notice due by 25 Oct
    with pytest.raises(ValidationError, match="最迟于2024年10月25日通知"):
        svc.hearing_schedule(**sched, host=sm.reviewer, notified_on=dt.date(2024, 10, 28),
                             held_on=dt.date(2024, 11, 5))
    assert hearing_rows() == before
    hearing = svc.hearing_schedule(**sched, host=sm.reviewer, notified_on=dt.date(2024, 10, 25),
                                   held_on=dt.date(2024, 11, 5))
    # the report: only by the host, with the transcript signed
    report = {"hearing": hearing, "expected_version": hearing.lock_version, "report": "维持拟处罚意见",
              "report_on": dt.date(2024, 11, 6)}
    with pytest.raises(ValidationError, match="由听证主持人作出"):
        svc.hearing_report(user=sm.approver, transcript_signed=True, **report)
    with pytest.raises(ValidationError, match="核对无误后签字"):
        svc.hearing_report(user=sm.reviewer, transcript_signed=False, **report)
    svc.hearing_report(user=sm.reviewer, transcript_signed=True, **report)
    # then the decision may follow the report, not precede it
    case = reload(case)
    with pytest.raises(ValidationError, match="听证报告前"):
        issue(sm, case, decided_on=dt.date(2024, 11, 5))
    assert issue(sm, case, decided_on=dt.date(2024, 11, 7)).fine_amount == 100000


def test_the_legal_reviewer_may_not_be_an_investigator(sm):
    case = sm.case(status="notified")
    case.officers.add(sm.reviewer)
    review = svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    before = hearing_rows()
    with pytest.raises(ValidationError, match="法制审核人员不得由本案调查人员担任.*第五十八条"):
        svc.legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意")
    assert hearing_rows() == before


def test_serious_cases_need_the_collective_discussion_first(sm):
    # given a 100,000 元 decision (above the default 50,000 元) without 集体讨论
    case = approved_case(sm, discuss=False)
    before = hearing_rows()
    with pytest.raises(ValidationError, match="罚款超过50000元.*第五十七条第二款"):
        issue(sm, case)
    # a record with two attendees is not a collective discussion
    with pytest.raises(ValidationError, match="至少三名"):
        svc.collective_discussion_record(user=sm.approver, case=case, held_on=dt.date(2024, 11, 1), chair="局长",
                                         attendees="局长、副局长", conclusion="同意")
    # nor one held after the decision date
    svc.collective_discussion_record(user=sm.approver, case=case, held_on=dt.date(2024, 11, 6), chair="局长",
                                     attendees="局长、副局长、法制科长", conclusion="同意")
    with pytest.raises(ValidationError, match="集体讨论"):
        issue(sm, reload(case), decided_on=dt.date(2024, 11, 5))
    assert issue(sm, reload(case), decided_on=dt.date(2024, 11, 6)).fine_amount == 100000
    assert before["decisions"] == []


def test_the_collective_discussion_threshold_is_the_bureaus(sm):
    ProcedureRules.objects.create(org=sm.org, collective_discussion_fine=150000)
    case = approved_case(sm, discuss=False)
    assert issue(sm, case).fine_amount == 100000


def test_suspension_not_notified_is_refused(sm):
    case = approved_case(sm)
    before = hearing_rows()
    with pytest.raises(ValidationError, match="未拟责令停产停业.*第四十五条"):
        issue(sm, case, suspends_business=True)
    assert hearing_rows() == before


def test_decision_after_ninety_days_needs_an_approved_extension(sm):
    # given a case registered on 20 Oct 2024: the period ends on 18 Jan 2025
    case = approved_case(sm)
    before = hearing_rows()
    with pytest.raises(ValidationError, match="2025年1月18日届满.*第六十条"):
        issue(sm, case, decided_on=dt.date(2025, 1, 20))
    with pytest.raises(PermissionDenied):  # only the 负责人 approves an extension
        svc.case_period_extend(user=sm.officer, case=case, expected_version=case.lock_version,
                               until=dt.date(2025, 2, 17), reason="案情复杂")
    assert hearing_rows() == before
    svc.case_period_extend(user=sm.approver, case=case, expected_version=case.lock_version,
                           until=dt.date(2025, 2, 17), reason="案情复杂，经负责人批准延长30日（规章规定）")
    case = reload(case)
    assert case.period_extension_approved_by == sm.approver
    assert issue(sm, case, decided_on=dt.date(2025, 1, 20)).decided_on == dt.date(2025, 1, 20)


def test_pages_record_the_hearing_request_and_the_collective_discussion(demo, sm):
    from django.urls import reverse

    # the 陈述申辩 page records a hearing request within the period
    case = notified_case(sm, fine=60000, on=dt.date(2024, 10, 21))
    client = demo.client("sm_officer1")
    response = client.post(reverse("cases:statement", args=[case.pk]), {
        "lock_version": case.lock_version, "statement": "对罚款数额有异议", "hearing_requested": "on",
        "requested_on": "2024-10-29"})
    assert "2024年10月28日届满" in response.content.decode()
    assert not Hearing.objects.filter(case=case).exists()
    response = client.post(reverse("cases:statement", args=[case.pk]), {
        "lock_version": reload(case).lock_version, "statement": "对罚款数额有异议", "hearing_requested": "on",
        "requested_on": "2024-10-25"})
    assert response.status_code == 302 and Hearing.objects.get(case=case).requested_on == dt.date(2024, 10, 25)
    page = client.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "听证报告作出前不得作出决定" in page and 'id="deadline-hearing_request"' in page
    assert "第六十条" in page.split('id="deadline-decision"')[1].split("</tr>")[0]
    # the 集体讨论 page on an approved case
    approved = approved_case(sm, discuss=False)
    response = demo.client("sm_approver").post(reverse("cases:collective_discussion", args=[approved.pk]), {
        "held_on": "2024-11-01", "chair": "局长", "attendees": "局长、副局长、法制科长",
        "conclusion": "同意按拟处罚意见处罚"})
    assert response.status_code == 302
    assert approved.collective_discussions.get().attendee_names == ["局长", "副局长", "法制科长"]


def test_a_statement_must_be_answered_before_the_decision(sm):
    case = approved_case(sm)
    Case.objects.filter(pk=case.pk).update(statement="违法行为已改正，请求减轻处罚")
    case = reload(case)
    before = hearing_rows()
    with pytest.raises(ValidationError, match="尚未复核.*第四十五条"):
        issue(sm, case)
    with pytest.raises(ValidationError, match="说明采纳或不采纳的理由"):
        svc.case_statement_answer(user=sm.officer, case=case, expected_version=case.lock_version,
                                  answer="rejected", reason="  ")
    assert hearing_rows() == before
    svc.case_statement_answer(user=sm.officer, case=case, expected_version=case.lock_version,
                              answer="partly", reason="已改正属实，但不符合减轻处罚的法定情形")
    decision = issue(sm, reload(case), fine_amount=90000)
    from .test_procedure_documents import text_of

    assert "本机关予以部分采纳，理由：已改正属实" in text_of(decision.document)


def test_the_approver_returns_a_case_with_reasons(sm):
    from rouxing.core.models import AuditEvent

    case = sm.case(status="notified")
    review = svc.legal_review_submit(user=sm.officer, case=case, expected_version=case.lock_version)
    svc.legal_review_decide(user=sm.reviewer, review=review, result="approved", opinions="同意")
    case = reload(case)
    before = hearing_rows()
    with pytest.raises(ValidationError, match="书面说明理由"):
        svc.case_approve(user=sm.approver, case=case, expected_version=case.lock_version, returned=True)
    assert hearing_rows() == before
    svc.case_approve(user=sm.approver, case=case, expected_version=case.lock_version, returned=True,
                     opinion="证据不足，补充询问笔录")
    assert reload(case).status == Case.Status.INVESTIGATING
    event = AuditEvent.objects.filter(event="cases.case.approval_return").latest("pk")
    assert event.detail["opinion"] == "证据不足，补充询问笔录"


def test_the_worklist_due_date_follows_the_extension(sm):
    from rouxing.cases.selectors import worklist

    case = sm.case(status="investigating", notified=False)
    svc.case_period_extend(user=sm.approver, case=case, expected_version=case.lock_version,
                           until=dt.date(2025, 2, 17), reason="案情复杂，经负责人批准延长")
    lists = worklist(sm.officer, today=dt.date(2025, 2, 14))
    rows = [r for part in ("due", "overdue", "waiting") for r in lists[part] if r.get("obj") == case]
    assert rows and rows[0]["due"] == dt.date(2025, 2, 17)

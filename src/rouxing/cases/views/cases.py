"""Pages of the penalty case: the case page with its timeline, 告知, 陈述申辩, 法制审核 (reviewers),
审批 (approvers), 决定, 送达, 执行 (暂缓/分期), 缴款, 结案, 回访 and 归档."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from rouxing.core.fsm import can_take

from .. import services as svc
from ..forms import (
    ApproveForm,
    ArchiveForm,
    CloseCaseForm,
    DecisionForm,
    DeliveryForm,
    EvidenceForm,
    ExecutionForm,
    NotifyForm,
    PayForm,
    ReturnVisitForm,
    ReviewDecideForm,
    StatementAnswerForm,
    StatementForm,
    StatementWaiveForm,
    SubmitReviewForm,
)
from ..models import Case, Hearing, Instalment, LegalReview, ReturnVisit
from ..selectors import case_deliveries
from ..services.archive import case_audit_events
from ..services.procedure import case_deadlines
from ._common import APPROVER, CASE_WORKERS, OFFICER, REVIEWER, may, readable, require_write, run_step
from .timeline import timeline_rows

CASES = Case.objects.select_related("party", "org", "registered_by")


def _with_late_fees(execution) -> list:
    """The instalments, each with `fee_today`: the 加处罚款 owed if paid today (art. 72)."""
    if execution is None:
        return []
    today = timezone.localdate()
    rows = list(execution.instalments.all())
    for row in rows:
        row.fee_today = row.late_fee_on(today)
    return rows


@login_required
def case_detail(request, pk: int):
    case = readable(request, CASES, pk)
    execution = getattr(case, "execution", None) if hasattr(case, "execution") else None
    decision = getattr(case, "decision", None) if hasattr(case, "decision") else None
    return render(request, "cases/case.html", {
        "case": case, "findings": case.findings.select_related("violation", "list_item"),
        "reviews": case.legal_reviews.select_related("reviewer", "submitted_by"), "decision": decision,
        "deliveries": case_deliveries(case), "execution": execution,
        "instalments": _with_late_fees(execution), "today": timezone.localdate(),
        "late_fee": execution.late_fee(timezone.localdate()) if execution else 0,
        "return_visits": case.return_visits.all(), "evidence": svc.archive.case_evidence(case),
        "measures": case.measures.select_related("method"),
        "timeline": timeline_rows(case_audit_events(case)),
        "deadlines": case_deadlines(case), "hearing": Hearing.objects.filter(case=case).first(),
        "discussions": case.collective_discussions.all(),
        "can_write": may(request.user, case.org_id, OFFICER), "evidence_form": EvidenceForm(),
        "can_pay": can_take(case, "record_payment", request.user),
        "can_publish": may(request.user, case.org_id, CASE_WORKERS),
    })


def _case_for(request, pk: int, roles: set[str]) -> Case:
    case = readable(request, CASES, pk)
    require_write(request.user, case.org_id, roles)
    return case


def _ctx(case: Case, title: str) -> dict:
    return {"title": title, "back": reverse("cases:case", args=[case.pk]), "case": case}


def _to_case(case: Case):
    return lambda _result: reverse("cases:case", args=[case.pk])


@login_required
def case_notify(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    band = case.fine_band or {}
    form = NotifyForm(request.POST or None, initial={
        "lock_version": case.lock_version, "notified_on": timezone.localdate(),
        "proposed_outcome": case.proposed_outcome or "standard", "proposed_fine": band.get("band_min")})

    def action(data):
        return svc.case_notify(user=request.user, case=case, expected_version=data.pop("lock_version"), **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="已告知当事人。",
                    context={**_ctx(case, "告知（陈述申辩、听证）"), "band": band})


@login_required
def case_statement(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    form = StatementForm(request.POST or None, initial={"lock_version": case.lock_version})

    def action(data):
        return svc.case_statement_record(user=request.user, case=case, expected_version=data.pop("lock_version"),
                                         **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="陈述申辩已登记。",
                    context=_ctx(case, "登记陈述申辩"))


@login_required
def case_statement_answer(request, pk: int):
    case = _case_for(request, pk, CASE_WORKERS)
    form = StatementAnswerForm(request.POST or None, initial={"lock_version": case.lock_version})

    def action(data):
        return svc.case_statement_answer(user=request.user, case=case, expected_version=data.pop("lock_version"),
                                         **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="复核意见已登记。",
                    context={**_ctx(case, "陈述申辩复核（采纳或不采纳及理由）")})


@login_required
def case_statement_waive(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    form = StatementWaiveForm(request.POST or None, initial={"lock_version": case.lock_version,
                                                             "waived_on": timezone.localdate()})

    def action(data):
        return svc.case_statement_waive(user=request.user, case=case, expected_version=data.pop("lock_version"),
                                        **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case),
                    success="当事人书面放弃陈述申辩已登记。", context=_ctx(case, "登记书面放弃陈述申辩"))


@login_required
def review_submit(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    form = SubmitReviewForm(request.POST or None, initial={"lock_version": case.lock_version})

    def action(data):
        return svc.legal_review_submit(user=request.user, case=case, expected_version=data["lock_version"],
                                       note=data["note"])

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="已提请法制审核。",
                    context=_ctx(case, "提请法制审核"))


@login_required
def review_decide(request, pk: int):
    """法制审核 page for reviewers: the case, its findings, departures flagged, then the decision."""
    case = _case_for(request, pk, REVIEWER)
    review = case.legal_reviews.filter(result=LegalReview.Result.PENDING).order_by("-submitted_at").first()
    form = ReviewDecideForm(request.POST or None)

    def action(data):
        if review is None:
            from django.core.exceptions import ValidationError

            raise ValidationError("该案件没有待审核的提请。")
        return svc.legal_review_decide(user=request.user, review=review, **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="审核结论已记录。",
                    template="cases/review.html", context={
                        **_ctx(case, "法制审核"), "review": review,
                        "findings": case.findings.select_related("violation", "list_item"),
                        "earlier": case.legal_reviews.exclude(result=LegalReview.Result.PENDING)})


@login_required
def case_approve(request, pk: int):
    case = _case_for(request, pk, APPROVER)
    form = ApproveForm(request.POST or None, initial={"lock_version": case.lock_version})

    def action(data):
        return svc.case_approve(user=request.user, case=case, expected_version=data["lock_version"],
                                opinion=data["opinion"], returned=data["returned"])

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="已审批。",
                    context={**_ctx(case, "负责人审批"), "reviews": case.legal_reviews.all()})


@login_required
def decision_issue(request, pk: int):
    case = _case_for(request, pk, CASE_WORKERS)
    band = case.fine_band or {}
    form = DecisionForm(request.POST or None, initial={
        "lock_version": case.lock_version, "outcome": case.proposed_outcome or "standard",
        "fine_amount": case.proposed_fine or 0, "decided_on": timezone.localdate(),
        "reasoning": (case.engine_decision or {}).get("explanation", "")})

    def action(data):
        return svc.decision_issue(user=request.user, case=case, expected_version=data.pop("lock_version"), **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="处罚决定已作出。",
                    context={**_ctx(case, "作出行政处罚决定"), "band": band,
                             "review_ok": svc.approved_review(case) is not None})


@login_required
def delivery_record(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    form = DeliveryForm(request.POST or None, initial={
        "lock_version": case.lock_version, "delivered_on": timezone.localdate(),
        "recipient": case.party.legal_rep or case.party.name})

    def action(data):
        return svc.delivery_record(user=request.user, case=case, expected_version=data.pop("lock_version"), **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="送达已登记。",
                    context=_ctx(case, "登记送达"))


@login_required
def execution_grant(request, pk: int):
    case = _case_for(request, pk, CASE_WORKERS)
    form = ExecutionForm(request.POST or None, initial={"lock_version": case.lock_version,
                                                        "granted_on": timezone.localdate()})

    def action(data):
        return svc.execution_grant(user=request.user, case=case, expected_version=data.pop("lock_version"), **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="执行安排已登记。",
                    context=_ctx(case, "执行（一次缴纳、暂缓或分期）"))


@login_required
def instalment_pay(request, pk: int):
    instalment = readable(request, Instalment.objects.select_related("execution__case"), pk,
                          field="execution__case__org")
    case = instalment.execution.case
    require_write(request.user, case.org_id, CASE_WORKERS)
    form = PayForm(request.POST or None, initial={"lock_version": instalment.lock_version,
                                                  "paid_on": timezone.localdate(),
                                                  "paid_amount": instalment.amount
                                                  + instalment.late_fee_on(timezone.localdate())})

    def action(data):
        return svc.instalment_pay(user=request.user, instalment=instalment,
                                  expected_version=data.pop("lock_version"), **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="缴款已登记。",
                    context=_ctx(case, f"登记缴款：第{instalment.seq}期 {instalment.amount}元"))


@login_required
def case_close(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    form = CloseCaseForm(request.POST or None, initial={"lock_version": case.lock_version,
                                                        "closed_on": timezone.localdate()})

    def action(data):
        return svc.case_close(user=request.user, case=case, expected_version=data.pop("lock_version"), **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="案件已结案。",
                    context=_ctx(case, "结案"))


@login_required
def return_visit(request, pk: int):
    visit = readable(request, ReturnVisit.objects.select_related("party", "case", "finding"), pk)
    require_write(request.user, visit.org_id, OFFICER)
    form = ReturnVisitForm(request.POST or None, initial={
        "lock_version": visit.lock_version, "visited_on": timezone.localdate(),
        "handling_unit": "安全生产执法大队", "handler": request.user.display_name,
        "responsible_person": visit.party.legal_rep})
    back = reverse("cases:case", args=[visit.case_id]) if visit.case_id else reverse("cases:finding",
                                                                                     args=[visit.finding_id])

    def action(data):
        return svc.return_visit_record(user=request.user, visit=visit, expected_version=data.pop("lock_version"),
                                       **data)

    return run_step(request, form=form, action=action, success_url=back, success="回访已登记。",
                    context={"title": f"行政执法案件回访登记（{visit.party}）", "back": back, "visit": visit,
                             "case": visit.case, "subject": visit.finding})


@login_required
def case_archive(request, pk: int):
    case = _case_for(request, pk, OFFICER)
    form = ArchiveForm(request.POST or None, initial={"lock_version": case.lock_version})

    def action(data):
        return svc.case_archive(user=request.user, case=case, expected_version=data["lock_version"])

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="案件已归档，案卷已封存。",
                    context={**_ctx(case, "归档"), "note": "归档后案卷封存，不能再修改。"})

"""Pages before a case: worklist, inspection, finding (with the engine's recommendation via htmx),
measures, commitment, rectification order, reinspection and closing a no-penalty finding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from rouxing.core.fsm import can_take
from rouxing.lists.models import FlexibleMethod

from .. import selectors
from .. import services as svc
from ..forms import (
    CloseFindingForm,
    CommitmentForm,
    CommitmentSettleForm,
    FindingEditForm,
    FindingForm,
    InspectionCompleteForm,
    InspectionForm,
    MeasureForm,
    RectificationForm,
    ReinspectionForm,
)
from ..models import Commitment, Finding, Inspection, RectificationOrder
from ..selectors import finding_audit_events
from ._common import OFFICER, ensure_reader, may, readable, require_write, run_step
from .timeline import timeline_rows


@login_required
def worklist(request):
    """待办: what falls due this week and what is overdue, then recent inspections and cases."""
    ensure_reader(request.user)
    data = selectors.worklist(request.user, timezone.localdate())
    return render(request, "cases/worklist.html", {
        **data, "recheck": selectors.deadline_recheck(request.user),
        "inspections": selectors.inspections_for(request.user)[:20],
        "cases": selectors.cases_for(request.user)[:30],
        "can_inspect": request.user.role == "officer",
    })


@login_required
def inspection_create(request):
    user = request.user
    require_write(user, user.org_id, OFFICER)
    form = InspectionForm(request.POST or None, org_id=user.org_id,
                          initial={"inspected_on": timezone.localdate(), "officers": [user.pk]})

    def action(data):
        return svc.inspection_create(user=user, **data)

    return run_step(request, form=form, action=action, success="检查已登记。",
                    success_url=lambda obj: reverse("cases:inspection", args=[obj.pk]),
                    context={"title": "登记执法检查", "back": reverse("cases:worklist")})


@login_required
def inspection_detail(request, pk: int):
    """The inspection and its findings; officers record findings and mark it 检查完毕 here."""
    inspection = readable(request, Inspection.objects.select_related("party", "org"), pk)
    if request.method == "POST":
        require_write(request.user, inspection.org_id, OFFICER)
    form = InspectionCompleteForm(request.POST or None, initial={"lock_version": inspection.lock_version})

    def action(data):
        return svc.inspection_complete(user=request.user, inspection=inspection,
                                       expected_version=data["lock_version"], note=data["note"])

    return run_step(request, form=form, action=action, template="cases/inspection.html", success="已标记检查完毕。",
                    success_url=reverse("cases:inspection", args=[pk]), context={
                        "inspection": inspection, "findings": inspection.findings.select_related("violation", "case"),
                        "can_write": may(request.user, inspection.org_id, OFFICER),
                        "can_complete": can_take(inspection, "complete", request.user)})


def _finding_facts_preview(inspection: Inspection, form: FindingForm) -> dict:
    facts = svc.build_facts(org=inspection.org, party=inspection.party, violation=form.cleaned_data["violation"],
                            on=inspection.inspected_on, violation_date=form.cleaned_data.get("violation_date"),
                            officer_facts=form.engine_facts())
    decision, prospect = svc.evaluate_finding(facts)
    return {"decision": decision, "prospect": prospect, "recommended": prospect or decision}


@login_required
def finding_create(request, pk: int):
    """清单式执法: record a finding; the engine's recommendation is shown before saving (htmx)."""
    inspection = readable(request, Inspection.objects.select_related("party", "org"), pk)
    require_write(request.user, inspection.org_id, OFFICER)
    form = FindingForm(request.POST or None)

    def action(data):
        return svc.finding_record(
            user=request.user, inspection=inspection, violation=data["violation"], description=data["description"],
            basis=data["basis"], cause=data["cause"], suggested_fix=data["suggested_fix"],
            facts=form.engine_facts(), chosen_outcome=data["chosen_outcome"] or None,
            departure_reason=data["departure_reason"], violation_date=data["violation_date"],
        )

    return run_step(request, form=form, action=action, success="问题已记录。", template="cases/finding_form.html",
                    success_url=lambda obj: reverse("cases:finding", args=[obj.pk]),
                    context={"inspection": inspection, "title": "记录检查发现的问题"})


@login_required
def finding_preview(request, pk: int):
    """htmx: the engine's recommendation for the facts typed so far (nothing is saved)."""
    inspection = readable(request, Inspection.objects.select_related("party", "org"), pk)
    require_write(request.user, inspection.org_id, OFFICER)
    form = FindingForm(request.POST or None)
    context = {"inspection": inspection, "form": form}
    form.is_valid()
    if "violation" in form.cleaned_data:
        try:
            context.update(_finding_facts_preview(inspection, form))
        except ValidationError as exc:
            context["engine_error"] = " ".join(exc.messages)
    else:
        context["engine_error"] = "请先选择违法行为。"
    return render(request, "cases/finding_form.html#recommendation", context)


@login_required
def finding_detail(request, pk: int):
    finding = readable(request, Finding.objects.select_related("party", "violation", "inspection", "case",
                                                               "list_item__version"), pk)
    writable = may(request.user, finding.org_id, OFFICER)
    return render(request, "cases/finding.html", {
        "finding": finding, "can_write": writable, "decision": finding.recommendation,
        "measures": finding.measures.select_related("method", "performed_by"),
        "commitments": finding.commitments.all(),
        "orders": finding.rectification_orders.prefetch_related("reinspections"),
        "evidence": finding.evidence.all(), "return_visits": finding.return_visits.all(),
        "can_close": can_take(finding, "close", request.user),
        "can_rectify": can_take(finding, "order_rectification", request.user),
        "can_commit": writable and finding.status in FLEXIBLE_PATH,
        "can_reinspect": writable and finding.status in FLEXIBLE_PATH,
        "can_correct": writable and finding.status in FLEXIBLE_PATH,
        "can_void": can_take(finding, "void", request.user),
        "revisions": finding.revisions.select_related("revised_by"),
        "timeline": timeline_rows(finding_audit_events(finding)),
    })


def _finding_for_write(request, pk: int) -> Finding:
    finding = readable(request, Finding.objects.select_related("party", "violation", "org"), pk)
    require_write(request.user, finding.org_id, OFFICER)
    return finding


FLEXIBLE_PATH = (Finding.Status.RECORDED, Finding.Status.RECTIFYING, Finding.Status.CORRECTED)
"""Statuses in which a finding still takes a 承诺书 or a 复查 (not 已立案 / 已办结)."""


def _refuse_if_escalated(request, finding: Finding, what: str):
    """A finding already in a case (已立案) or closed takes no 承诺书 / 复查: back to the finding page."""
    if finding.status in FLEXIBLE_PATH:
        return None
    messages.error(request, f"问题当前状态为“{finding.get_status_display()}”，不能再{what}。")
    return redirect("cases:finding", pk=finding.pk)


def _back(finding: Finding) -> dict:
    return {"back": reverse("cases:finding", args=[finding.pk]), "subject": finding}


@login_required
def finding_edit(request, pk: int):
    finding = _finding_for_write(request, pk)
    initial = {name: getattr(finding, name) for name in ("description", "basis", "cause", "suggested_fix")}
    form = FindingEditForm(request.POST or None, initial={**initial, "lock_version": finding.lock_version})

    def action(data):
        version = data.pop("lock_version")
        svc.finding_update(user=request.user, finding=finding, expected_version=version, **data)

    return run_step(request, form=form, action=action, success_url=reverse("cases:finding", args=[pk]),
                    success="问题已修改。", context={"title": "修改问题", **_back(finding)})


@login_required
def measure_create(request, pk: int):
    finding = _finding_for_write(request, pk)
    form = MeasureForm(request.POST or None, initial={
        "performed_on": timezone.localdate(), "recipient": finding.party.legal_rep or finding.party.name,
        "method": FlexibleMethod.objects.filter(code="admonition").first()})

    def action(data):
        svc.measure_record(user=request.user, party=finding.party, finding=finding, case=finding.case, **data)

    return run_step(request, form=form, action=action, success_url=reverse("cases:finding", args=[pk]),
                    success="柔性执法措施已记录。", context={"title": "记录柔性执法措施", **_back(finding)})


@login_required
def commitment_create(request, pk: int):
    finding = _finding_for_write(request, pk)
    if refused := _refuse_if_escalated(request, finding, "登记承诺书"):
        return refused
    form = CommitmentForm(request.POST or None, initial={"signed_on": timezone.localdate(),
                                                         "signatory": finding.party.legal_rep})

    def action(data):
        svc.commitment_sign(user=request.user, party=finding.party, findings=[finding], **data)

    return run_step(request, form=form, action=action, success_url=reverse("cases:finding", args=[pk]),
                    success="承诺书已登记。", context={"title": "登记保证承诺书", **_back(finding)})


@login_required
def commitment_detail(request, pk: int):
    """The commitment; officers settle it here (核查: fulfilled or breached, 以学促管 study recorded)."""
    commitment = readable(request, Commitment.objects.select_related("party"), pk)
    writable = can_take(commitment, "fulfil", request.user)
    if request.method == "POST":
        require_write(request.user, commitment.org_id, OFFICER)
    form = CommitmentSettleForm(request.POST or None, initial={
        "lock_version": commitment.lock_version, "settled_on": timezone.localdate(),
        "study_done_on": commitment.study_done_on}) if writable or request.method == "POST" else None

    def action(data):
        return svc.commitment_settle(user=request.user, commitment=commitment,
                                     expected_version=data.pop("lock_version"), **data)

    context = {"commitment": commitment, "findings": commitment.findings.all(), "title": "核查承诺",
               "can_void": can_take(commitment, "void", request.user)}
    if form is None:
        return render(request, "cases/commitment.html", {**context, "form": None})
    return run_step(request, form=form, action=action, template="cases/commitment.html", success="承诺核查已记录。",
                    success_url=reverse("cases:commitment", args=[pk]), context=context)


@login_required
def rectification_create(request, pk: int):
    finding = _finding_for_write(request, pk)
    form = RectificationForm(request.POST or None, initial={"issued_on": finding.found_on, "period": 10})

    def action(data):
        svc.rectification_order(user=request.user, finding=finding, **data)

    return run_step(request, form=form, action=action, success_url=reverse("cases:finding", args=[pk]),
                    success="已责令限期改正。", context={"title": "责令限期改正", **_back(finding)})


@login_required
def reinspection_create(request, pk: int):
    order = readable(request, RectificationOrder.objects.select_related("finding__party"), pk)
    require_write(request.user, order.org_id, OFFICER)
    if refused := _refuse_if_escalated(request, order.finding, "复查"):
        return refused
    form = ReinspectionForm(request.POST or None, org_id=order.org_id,
                            initial={"inspected_on": timezone.localdate(), "officers": [request.user.pk]})

    def action(data):
        svc.reinspection_record(user=request.user, order=order, **data)

    return run_step(request, form=form, action=action, success_url=reverse("cases:finding", args=[order.finding_id]),
                    success="复查结果已记录。",
                    context={"title": f"复查（整改期限 {order.deadline:%Y年%m月%d日}）", **_back(order.finding)})


@login_required
def finding_close(request, pk: int):
    finding = _finding_for_write(request, pk)
    form = CloseFindingForm(request.POST or None, initial={"closed_on": timezone.localdate()})

    def action(data):
        svc.finding_close(user=request.user, finding=finding, **data)

    return run_step(request, form=form, action=action, success_url=reverse("cases:finding", args=[pk]),
                    success="问题已办结（免罚不免责）。", context={"title": "不予处罚办结", **_back(finding)})

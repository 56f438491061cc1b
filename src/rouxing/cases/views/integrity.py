"""Pages for 作废 (a measure, a commitment, a finding entered in error) and 更正事实 of a finding. Each is
a step form (GET shows it, POST runs the service once per form token); the rules live in
`services.integrity`. Another bureau's id is 404, read-only roles get 403."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from .. import services as svc
from ..forms import FindingCorrectForm, VoidForm
from ..models import Commitment, Finding, FlexibleMeasure
from ._common import CASE_WORKERS, OFFICER, readable, require_write, run_step


def _finding_url(finding_id: int | None, fallback: str) -> str:
    return reverse("cases:finding", args=[finding_id]) if finding_id else fallback


@login_required
def measure_void(request, pk: int):
    measure = readable(request, FlexibleMeasure.objects.select_related("method", "finding__violation"), pk)
    require_write(request.user, measure.org_id, CASE_WORKERS)
    back = _finding_url(measure.finding_id, reverse("cases:worklist")) if not measure.case_id or measure.finding_id \
        else reverse("cases:case", args=[measure.case_id])
    form = VoidForm(request.POST or None)
    return run_step(request, form=form, success_url=back, success="柔性执法措施已作废（记录保留，不再计入统计）。",
                    action=lambda data: svc.measure_void(user=request.user, measure=measure, reason=data["reason"]),
                    context={"title": f"作废柔性执法措施：{measure.performed_on:%Y-%m-%d} {measure.method.name}",
                             "back": back, "subject": measure.finding})


@login_required
def commitment_void(request, pk: int):
    commitment = readable(request, Commitment.objects.select_related("party"), pk)
    require_write(request.user, commitment.org_id, OFFICER)
    back = reverse("cases:commitment", args=[pk])
    form = VoidForm(request.POST or None)
    return run_step(request, form=form, success_url=back, success="承诺书已作废（记录保留，不再计入统计）。",
                    action=lambda data: svc.commitment_void(user=request.user, commitment=commitment,
                                                            reason=data["reason"]),
                    context={"title": f"作废承诺书：{commitment.signatory} {commitment.signed_on:%Y-%m-%d}", "back": back})


@login_required
def finding_void(request, pk: int):
    finding = readable(request, Finding.objects.select_related("violation", "party"), pk)
    require_write(request.user, finding.org_id, OFFICER)
    back = reverse("cases:finding", args=[pk])
    form = VoidForm(request.POST or None)
    return run_step(request, form=form, success_url=back, success="问题已作废（记录保留，不再计入统计）。",
                    action=lambda data: svc.finding_void(user=request.user, finding=finding, reason=data["reason"]),
                    context={"title": f"作废问题：{finding.violation.name}", "back": back, "subject": finding})


def _initial_facts(finding: Finding) -> dict:
    facts = finding.facts or {}
    return {"corrected": facts.get("corrected", "not_yet"), "harm": facts.get("harm", "none"),
            "substantive_compliance": bool(facts.get("substantive_compliance")),
            "circumstances": list(facts.get("circumstances") or []), "lock_version": finding.lock_version}


@login_required
def finding_correct(request, pk: int):
    finding = readable(request, Finding.objects.select_related("violation", "party"), pk)
    require_write(request.user, finding.org_id, OFFICER)
    back = reverse("cases:finding", args=[pk])
    form = FindingCorrectForm(request.POST or None, initial=_initial_facts(finding))

    def action(data):
        return svc.finding_correct_facts(
            user=request.user, finding=finding, facts=form.engine_facts(), reason=data["reason"],
            expected_version=data["lock_version"], chosen_outcome=data["chosen_outcome"] or None,
            departure_reason=data["departure_reason"])

    return run_step(request, form=form, action=action, success_url=back,
                    success="事实已更正，系统已重新裁量；更正前的事实和裁量结果保留在更正记录中。",
                    context={"title": f"更正事实：{finding.violation.name}", "back": back, "subject": finding,
                             "note": "更正后系统按新的事实重新裁量；建议结果改变的，须经法制审核。"})

"""Pages of the procedure records between 告知 and 决定: 听证 (request is on the 陈述申辩 page),
听证通知/听证报告, 集体讨论 and 延长办案期限."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from rouxing.orgs.models import User

from .. import services as svc
from ..forms import (
    CollectiveDiscussionForm,
    HearingReportForm,
    HearingScheduleForm,
    PeriodExtendForm,
    ProcedureRulesForm,
)
from ..models import Hearing
from ..services.procedure import RULE_FIELDS, investigators, rules_for
from ._common import APPROVER, CASE_WORKERS, REVIEWER, require_write, run_step
from .cases import _case_for, _ctx, _to_case


@login_required
def hearing_schedule(request, pk: int):
    case = _case_for(request, pk, CASE_WORKERS)
    hearing = get_object_or_404(Hearing, case=case)
    hosts = User.objects.filter(org_id=case.org_id, is_active=True).exclude(pk__in=investigators(case))
    form = HearingScheduleForm(request.POST or None, hosts=hosts, initial={
        "lock_version": hearing.lock_version, "notified_on": timezone.localdate(), "place": "本局听证室"})

    def action(data):
        return svc.hearing_schedule(user=request.user, hearing=hearing, expected_version=data.pop("lock_version"),
                                    **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="听证通知已登记。",
                    context=_ctx(case, "听证通知（主持人、时间、地点）"))


@login_required
def hearing_report(request, pk: int):
    case = _case_for(request, pk, CASE_WORKERS | REVIEWER)
    hearing = get_object_or_404(Hearing, case=case)
    form = HearingReportForm(request.POST or None, initial={"lock_version": hearing.lock_version,
                                                            "report_on": timezone.localdate()})

    def action(data):
        return svc.hearing_report(user=request.user, hearing=hearing, expected_version=data.pop("lock_version"),
                                  **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="听证报告已登记。",
                    context=_ctx(case, "听证笔录与听证报告"))


@login_required
def collective_discussion(request, pk: int):
    case = _case_for(request, pk, CASE_WORKERS)
    form = CollectiveDiscussionForm(request.POST or None, initial={
        "held_on": timezone.localdate(), "chair": request.user.display_name})

    def action(data):
        return svc.collective_discussion_record(user=request.user, case=case, **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="集体讨论已登记。",
                    context=_ctx(case, "集体讨论（行政处罚法第五十七条）"))


@login_required
def period_extend(request, pk: int):
    case = _case_for(request, pk, APPROVER)
    require_write(request.user, case.org_id, APPROVER)
    form = PeriodExtendForm(request.POST or None, initial={"lock_version": case.lock_version})

    def action(data):
        return svc.case_period_extend(user=request.user, case=case, expected_version=data.pop("lock_version"),
                                      **data)

    return run_step(request, form=form, action=action, success_url=_to_case(case), success="办案期限已延长。",
                    context=_ctx(case, "延长办案期限（行政处罚法第六十条）"))


@login_required
def procedure_rules(request):
    """本机关办案程序规则 (负责人)."""
    org_id = getattr(request.user, "org_id", None)
    require_write(request.user, org_id, APPROVER)
    rules = rules_for(org_id)
    form = ProcedureRulesForm(request.POST or None, initial={
        "lock_version": rules.lock_version, **{name: getattr(rules, name) for name in RULE_FIELDS}})

    def action(data):
        return svc.procedure_rules_update(user=request.user, org_id=org_id, expected_version=data.pop("lock_version"),
                                          **data)

    return run_step(request, form=form, action=action, success_url=lambda _r: reverse("cases:procedure_rules"),
                    success="办案程序规则已保存。", context={
                        "title": "本机关办案程序规则（听证、集体讨论、办案期限、编号）",
                        "back": reverse("cases:worklist")})

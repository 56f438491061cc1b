"""Pages of 行政处罚决定公示: publish a decision on the public pages, withdraw its publicity."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .. import services as svc
from ..forms import PublicityDeadlineForm, PublicityWithdrawForm, PublishForm
from ..models import Case
from ._common import CASE_WORKERS, readable, require_write, run_step

CASES = Case.objects.select_related("party", "org")


def _decision_for(request, pk: int):
    case = readable(request, CASES, pk)
    require_write(request.user, case.org_id, CASE_WORKERS)
    decision = getattr(case, "decision", None) if hasattr(case, "decision") else None
    if decision is None:
        raise Http404("该案件尚未作出决定。")
    return case, decision


def _ctx(case, decision, title: str) -> dict:
    return {"title": title, "back": reverse("cases:case", args=[case.pk]), "case": case, "decision": decision}


@login_required
def decision_publish(request, pk: int):
    case, decision = _decision_for(request, pk)
    form = PublishForm(request.POST or None, initial={"lock_version": decision.lock_version})
    late = decision.publicity_deadline and timezone.localdate() > decision.publicity_deadline
    note = (f"公示后将在“行政处罚决定公示”公开页面显示。公示期限：{decision.publicity_deadline:%Y年%m月%d日}"
            + ("（已逾期）" if late else "") + "。自然人只显示姓氏（如“张某”），不显示身份证号码和联系电话。")

    def action(data):
        return svc.decision_publish(user=request.user, decision=decision, expected_version=data["lock_version"])

    return run_step(request, form=form, action=action, success_url=reverse("cases:case", args=[case.pk]),
                    success="处罚决定已公示。", context={**_ctx(case, decision, "公示行政处罚决定"), "note": note})


@login_required
def decision_publicity_withdraw(request, pk: int):
    case, decision = _decision_for(request, pk)
    form = PublicityWithdrawForm(request.POST or None, initial={"lock_version": decision.lock_version})

    def action(data):
        return svc.decision_publicity_withdraw(user=request.user, decision=decision,
                                               expected_version=data["lock_version"], reason=data["reason"])

    return run_step(request, form=form, action=action, success_url=reverse("cases:case", args=[case.pk]),
                    success="已撤回公示。", context=_ctx(case, decision, "撤回行政处罚决定公示"))


@login_required
def decision_publicity_deadline(request, pk: int):
    """期限复核: the 公示 deadline counted again with the 节假日安排 as it stands now."""
    case, decision = _decision_for(request, pk)
    form = PublicityDeadlineForm(request.POST or None, initial={"lock_version": decision.lock_version})
    try:
        recomputed = f"{svc.publicity_deadline_for(decision.decided_on):%Y年%m月%d日}"
    except ValidationError as exc:
        recomputed = "无法计算（" + "；".join(exc.messages) + "）"
    stored = f"{decision.publicity_deadline:%Y年%m月%d日}" if decision.publicity_deadline else "未记录"
    note = (f"决定日期{decision.decided_on:%Y年%m月%d日}，公示期限为决定之日起{svc.publicity_workdays()}个工作日。"
            f"已记录的期限：{stored}；按现行节假日安排计算：{recomputed}。更新后记入审计日志。")

    def action(data):
        return svc.publicity_deadline_recompute(user=request.user, decision=decision,
                                                expected_version=data["lock_version"])

    return run_step(request, form=form, action=action, success_url=reverse("cases:worklist"),
                    success="公示期限已按现行节假日安排更新。",
                    context={**_ctx(case, decision, "重新计算公示期限"), "note": note})

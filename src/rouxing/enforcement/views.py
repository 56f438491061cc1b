"""Thin pages of the enforcement app: every step posts to one service (the services hold the gates)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from rouxing.cases.models import Finding
from rouxing.cases.views._common import ensure_reader, readable, require_write, run_step
from rouxing.core.fsm import available_actions, can_take
from rouxing.orgs.models import Role
from rouxing.orgs.roles import APPROVER, OFFICER, REVIEWER
from rouxing.orgs.roles import CASE_WORKERS as WORKERS

from . import forms as f
from . import selectors
from . import services as svc
from .models import CoerciveMeasure, CrimeTransfer, MeasureKind, SummaryDecision

FORM = "enforcement/form.html"

MEASURE_STEPS = {
    "review": (f.ReviewForm, svc.measure_review, REVIEWER, "法制审核"),
    "approve": (f.ApproveForm, svc.measure_approve, APPROVER, "负责人审批"),
    "execute": (f.ExecuteForm, svc.measure_execute, OFFICER, "实施强制措施"),
    "notify": (f.PowerCutNoticeForm, svc.power_cut_notify, OFFICER, "书面通知供电单位并提前通知当事人"),
    "extend": (f.ExtendForm, svc.measure_extend, APPROVER, "延长查封、扣押期限"),
    "lift": (f.LiftForm, svc.measure_lift, WORKERS, "解除强制措施"),
}
TRANSFER_STEPS = {
    "approve": (f.ApproveForm, svc.transfer_approve, APPROVER, "负责人审批移送"),
    "send": (f.TransferSendForm, svc.transfer_send, OFFICER, "移送公安机关"),
    "answer": (f.TransferAnswerForm, svc.transfer_answer, OFFICER, "登记公安机关答复"),
}


def _finding(request, pk: int) -> Finding:
    return readable(request, Finding.objects.select_related("party", "violation", "inspection"), pk)


@login_required
def index(request):
    """行政强制与简易程序: the open items with their deadlines, then recent records."""
    ensure_reader(request.user)
    now = timezone.now()
    rows = selectors.worklist(request.user, now)
    return render(request, "enforcement/index.html", {
        "rows": [{"row": r, "overdue": r.overdue(now)} for r in rows],
        "measures": selectors.measures_for(request.user)[:30],
        "summaries": selectors.summaries_for(request.user)[:30],
        "transfers": selectors.transfers_for(request.user)[:30],
        "withheld": selectors.withheld_for(request.user)[:30],
        "can_decide": request.user.role == Role.OFFICER,
    })


@login_required
def measure_new(request, pk: int):
    finding = _finding(request, pk)
    require_write(request.user, finding.org_id, OFFICER)
    form = f.ProposeForm(request.POST or None, initial={"kind": request.GET.get("kind") or MeasureKind.SEIZE})

    def action(data):
        return svc.measure_propose(user=request.user, finding=finding, **data)

    return run_step(request, form=form, action=action, success="强制措施已提出，待法制审核。", template=FORM,
                    success_url=lambda m: reverse("enforcement:measure", args=[m.pk]),
                    context={"title": "提出行政强制措施", "finding": finding, "coercion": (finding.decision or {}).get(
                        "coercion"), "back": reverse("cases:finding", args=[finding.pk])})


@login_required
def withhold(request, pk: int):
    finding = _finding(request, pk)
    require_write(request.user, finding.org_id, OFFICER)
    form = f.WithholdForm(request.POST or None, initial={"considered_on": timezone.localdate(),
                                                         "measure": MeasureKind.SUSPENSION})

    def action(data):
        return svc.coercion_withhold(user=request.user, finding=finding, **data)

    return run_step(request, form=form, action=action, success="已记录不予行政强制。", template=FORM,
                    success_url=reverse("cases:finding", args=[finding.pk]),
                    context={"title": "记录不予行政强制", "finding": finding,
                             "note": "仅在适用本机关不予实施行政强制措施清单事项时可以记录；由裁量助手判断是否适用。",
                             "back": reverse("cases:finding", args=[finding.pk])})


@login_required
def transfer_new(request, pk: int):
    finding = _finding(request, pk)
    require_write(request.user, finding.org_id, OFFICER)
    form = f.TransferForm(request.POST or None)

    def action(data):
        return svc.transfer_propose(user=request.user, finding=finding, **data)

    return run_step(request, form=form, action=action, success="移送已提出，待负责人批准。", template=FORM,
                    success_url=lambda t: reverse("enforcement:transfer", args=[t.pk]),
                    context={"title": "提出涉嫌犯罪案件移送", "finding": finding,
                             "back": reverse("cases:finding", args=[finding.pk])})


def _step(request, obj, steps: dict, step: str, *, subject_key: str, success_url: str):
    if step not in steps:
        raise Http404("没有该办理环节。")
    form_class, service, roles, title = steps[step]
    require_write(request.user, obj.org_id, roles)
    kwargs = {"org_id": obj.org_id} if form_class is f.ExecuteForm else {}
    initial = {"lock_version": obj.lock_version, "executed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
               "officers": [request.user.pk], "answer_on": timezone.localdate(),
               "transferred_on": timezone.localdate(), "filed_on": timezone.localdate(),
               "notified_on": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial, **kwargs)

    def action(data):
        version = data.pop("lock_version")
        return service(user=request.user, expected_version=version, **{subject_key: obj}, **data)

    return run_step(request, form=form, action=action, success=f"{title}已办理。", template=FORM,
                    success_url=success_url, context={"title": title, "subject": obj, "back": success_url})


@login_required
def measure_detail(request, pk: int):
    m = readable(request, CoerciveMeasure.objects.select_related("party", "finding__violation", "org"), pk)
    step, due = selectors.measure_step(m)
    return render(request, "enforcement/measure.html", {
        "m": m, "step": step if m.is_open else "", "due": selectors.due_label(due), "officers": m.officers.all(),
        "actions": available_actions(m, request.user),
    })


@login_required
def measure_step(request, pk: int, step: str):
    m = readable(request, CoerciveMeasure.objects.all(), pk)
    return _step(request, m, MEASURE_STEPS, step, subject_key="measure",
                 success_url=reverse("enforcement:measure", args=[m.pk]))


@login_required
def summary_new(request):
    user = request.user
    require_write(user, user.org_id, OFFICER)
    finding = None
    if request.GET.get("finding"):
        finding = _finding(request, int(request.GET["finding"]))
    initial = {"officers": [user.pk], "penalty": SummaryDecision.Penalty.WARNING}
    if finding is not None:
        initial.update(party=finding.party_id, facts=finding.description, basis=finding.basis,
                       place=finding.inspection.place)
    form = f.SummaryForm(request.POST or None, org_id=user.org_id, initial=initial)

    def action(data):
        return svc.summary_decide(user=user, finding=finding, **data)

    return run_step(request, form=form, action=action, success="当场处罚决定已作出，请按期报本机关备案。", template=FORM,
                    success_url=lambda d: reverse("enforcement:summary", args=[d.pk]),
                    context={"title": "简易程序：当场作出行政处罚决定", "finding": finding,
                             "note": "限于违法事实确凿并有法定依据，对公民处二百元以下、对法人或者其他组织处三千元以下罚款"
                                     "或者警告（行政处罚法第五十一条）；超出的，按一般程序办理。",
                             "back": reverse("enforcement:index")})


@login_required
def summary_detail(request, pk: int):
    d = readable(request, SummaryDecision.objects.select_related("party", "org", "decided_by"), pk)
    return render(request, "enforcement/summary.html", {
        "d": d, "officers": d.officers.all(),
        "can_file": can_take(d, "file", request.user),
    })


@login_required
def summary_file(request, pk: int):
    d = readable(request, SummaryDecision.objects.all(), pk)
    return _step(request, d, {"file": (f.FileForm, svc.summary_file, APPROVER, "当场处罚决定备案")}, "file",
                 subject_key="decision", success_url=reverse("enforcement:summary", args=[d.pk]))


@login_required
def transfer_detail(request, pk: int):
    t = readable(request, CrimeTransfer.objects.select_related("party", "finding__violation", "org"), pk)
    return render(request, "enforcement/transfer.html", {"t": t, "actions": available_actions(t, request.user)})


@login_required
def transfer_step(request, pk: int, step: str):
    t = readable(request, CrimeTransfer.objects.all(), pk)
    return _step(request, t, TRANSFER_STEPS, step, subject_key="transfer",
                 success_url=reverse("enforcement:transfer", args=[t.pk]))

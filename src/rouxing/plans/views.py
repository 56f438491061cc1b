"""Pages of 双随机一公开 planning (mounted at /reports/, the paths they always had): the annual plans,
one plan with its monthly progress and draws, approving a plan and publishing a draw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_fsm import has_transition_perm

from rouxing.core.forms import apply_errors
from rouxing.orgs.access import role_required
from rouxing.orgs.models import Role, User
from rouxing.orgs.roles import PLAN_ROLES, REPORT_ROLES
from rouxing.parties.models import Party

from . import selectors, services
from .forms import DrawForm, PlanForm


@require_http_methods(["GET", "POST"])
@role_required(*REPORT_ROLES)
def plans(request):
    """Annual inspection plans (年度监督检查计划) of the readable bureaus; create or edit one's own."""
    user = request.user
    year = timezone.localdate().year
    plan = selectors.plans_for(user).filter(org_id=user.org_id, year=int(request.GET.get("year") or year)).first()
    initial = {"year": year, "title": f"{user.org.name if user.org else ''}{year}年度安全生产监督检查计划"}
    if plan is not None:
        initial = {"year": plan.year, "title": plan.title, "note": plan.note,
                   **{f"m{i + 1}": v for i, v in enumerate(plan.monthly_targets)}}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.inspection_plan_save(user=user, org=user.org, year=form.cleaned_data["year"],
                                                  title=form.cleaned_data["title"], monthly_targets=form.targets(),
                                                  note=form.cleaned_data["note"], request=request)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存：{saved}")
            return redirect("plans:plan", pk=saved.pk)
    can_edit = user.role in PLAN_ROLES
    return render(request, "plans/plans.html", {"plans": selectors.plans_for(user), "form": form,
                                                  "can_edit": can_edit, "months": range(1, 13)})


def _plan(request, pk):
    plan = selectors.plans_for(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404("记录不存在或无权查看。")
    return plan


@require_http_methods(["GET", "POST"])
@role_required(*REPORT_ROLES)
def plan_detail(request, pk: int):
    """One plan: monthly targets against completed planned inspections, draws, approve, draw."""
    plan = _plan(request, pk)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = services.random_draw_perform(user=request.user, plan=plan, month=form.cleaned_data["month"],
                                                party_count=form.cleaned_data["party_count"], request=request)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已完成{draw.month}月双随机抽取，随机种子 {draw.seed}。")
            return redirect("plans:plan", pk=plan.pk)
    metric = selectors.plan_completion([plan.org_id], plan.year, 1, 12, timezone.localdate())
    parties = dict(Party.objects.filter(org_id=plan.org_id).values_list("pk", "name"))
    officers = {u.pk: str(u) for u in User.objects.filter(org_id=plan.org_id)}
    draws = []
    for d in plan.draws.select_related("plan"):
        done, missing = selectors.draw_inspections(d)
        draws.append({"draw": d, "parties": [parties.get(i, i) for i in d.party_ids],
                      "officers": [officers.get(i, i) for i in d.officer_ids], "done": len(done),
                      "missing": [parties.get(i, i) for i in missing]})
    done = selectors.planned_done_by_month(plan)
    return render(request, "plans/plan.html", {
        "plan": plan, "metric": metric, "form": form, "draws": draws,
        "months": [(m, target, done.get(m, 0)) for m, target in zip(range(1, 13), plan.monthly_targets,
                                                                    strict=True)],
        "can_draw": request.user.org_id == plan.org_id and request.user.role in PLAN_ROLES,
        "can_approve": has_transition_perm(plan.approve, request.user),
    })


@require_POST
@role_required(Role.APPROVER)
def plan_approve(request, pk: int):
    plan = _plan(request, pk)
    try:
        services.inspection_plan_approve(user=request.user, plan=plan, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "年度监督检查计划已批准。")
    return redirect("plans:plan", pk=plan.pk)


@require_POST
@role_required(*PLAN_ROLES)
def draw_publish(request, pk: int):
    """一公开: publish one draw of a plan the user's bureau owns (another bureau's draw is 404)."""
    draw = selectors.draws_for(request.user).filter(pk=pk).first()
    if draw is None:
        raise Http404("记录不存在或无权查看。")
    try:
        services.random_draw_publish(user=request.user, draw=draw, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{draw.month}月抽取结果已在公示页面公开。")
    return redirect("plans:plan", pk=draw.plan_id)

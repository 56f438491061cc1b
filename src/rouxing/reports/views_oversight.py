"""Views of oversight: 五个百分之百, 721, 同案异罚, annual inspection plans with 双随机 draws, 案卷评议."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Max, Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rouxing.core.forms import apply_errors
from rouxing.orgs.access import role_required
from rouxing.orgs.models import Role, User
from rouxing.orgs.roles import OVERSIGHT_REVIEWER_ROLES as REVIEWER_ROLES
from rouxing.parties.models import Party

from . import consistency, oversight, selectors, services
from .forms import DrawForm, PlanForm, ReviewForm
from .models import REVIEW_CHECKLIST, CaseFileReview
from .selectors import REPORT_ROLES
from .views import _context


@require_GET
@role_required(*REPORT_ROLES)
def oversight_page(request):
    """五个百分之百, 721 and 同案异罚 of the chosen bureau (and bureaus below it) and period."""
    org, period, rollup, error = _context(request)
    org_ids = selectors.covered_org_ids(request.user, org, rollup)
    reviews = (CaseFileReview.objects.filter(org_id__in=org_ids, year=period.year).values("org__name")
               .annotate(n=Count("id"), avg=Avg("total"), lo=Min("total"), hi=Max("total")).order_by("org__name"))
    return render(request, "reports/oversight.html", {
        "org": org, "period": period, "rollup": rollup, "error": error, "orgs": selectors.report_orgs(request.user),
        "metrics": oversight.five_hundred_percent(org_ids, period, timezone.localdate()),
        "r721": oversight.ratio_721(org_ids, period), "groups": consistency.groups(org_ids, period),
        "spread_limit": consistency.FINE_SPREAD_LIMIT, "reviews": reviews,
    })


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
            return redirect("reports:plan", pk=saved.pk)
    can_edit = user.role in services.PLAN_ROLES
    return render(request, "reports/plans.html", {"plans": selectors.plans_for(user), "form": form,
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
            return redirect("reports:plan", pk=plan.pk)
    from .definition import Period, PeriodKind

    year = Period(PeriodKind.YEAR, plan.year, 0)
    metric = oversight.plan_completion([plan.org_id], year, timezone.localdate())
    parties = dict(Party.objects.filter(org_id=plan.org_id).values_list("pk", "name"))
    officers = {u.pk: str(u) for u in User.objects.filter(org_id=plan.org_id)}
    draws = []
    for d in plan.draws.select_related("plan"):
        done, missing = oversight.draw_inspections(d)
        draws.append({"draw": d, "parties": [parties.get(i, i) for i in d.party_ids],
                      "officers": [officers.get(i, i) for i in d.officer_ids], "done": len(done),
                      "missing": [parties.get(i, i) for i in missing]})
    done = _planned_done_by_month(plan)
    return render(request, "reports/plan.html", {
        "plan": plan, "metric": metric, "form": form, "draws": draws,
        "months": [(m, target, done.get(m, 0)) for m, target in zip(range(1, 13), plan.monthly_targets,
                                                                    strict=True)],
        "can_draw": request.user.org_id == plan.org_id and request.user.role in services.PLAN_ROLES,
        "can_approve": request.user.org_id == plan.org_id and request.user.role == Role.APPROVER,
    })


def _planned_done_by_month(plan) -> dict[int, int]:
    """Completed 计划内 inspections of the plan's bureau and year, per month."""
    from django.db.models.functions import ExtractMonth

    from rouxing.cases.models import Inspection

    rows = (Inspection.objects.filter(org_id=plan.org_id, inspected_on__year=plan.year,
                                      kind=Inspection.Kind.PLANNED, status=Inspection.Status.COMPLETED)
            .annotate(m=ExtractMonth("inspected_on")).values("m").annotate(n=Count("id")).order_by())
    return {r["m"]: r["n"] for r in rows}


@require_POST
@role_required(Role.APPROVER)
def plan_approve(request, pk: int):
    plan = _plan(request, pk)
    services.inspection_plan_approve(user=request.user, plan=plan, request=request)
    messages.success(request, "年度监督检查计划已批准。")
    return redirect("reports:plan", pk=plan.pk)


@require_POST
@role_required(*services.PLAN_ROLES)
def draw_publish(request, pk: int):
    """一公开: publish one draw of a plan the user's bureau owns (another bureau's draw is 404)."""
    from .models import RandomDraw

    draw = RandomDraw.objects.filter(pk=pk, plan__in=selectors.plans_for(request.user)).first()
    if draw is None:
        raise Http404("记录不存在或无权查看。")
    try:
        services.random_draw_publish(user=request.user, draw=draw, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{draw.month}月抽取结果已在公示页面公开。")
    return redirect("reports:plan", pk=draw.plan_id)




@require_GET
@role_required(*REPORT_ROLES)
def reviews(request):
    """案卷评议: closed cases of the readable bureaus, their scores, and the per-bureau roll-up."""
    from rouxing.cases.models import Case

    org_ids = selectors.report_org_ids(request.user)
    year = timezone.localdate().year
    closed = (Case.objects.filter(org_id__in=org_ids, status__in=[Case.Status.CLOSED, Case.Status.ARCHIVED])
              .select_related("org", "party").order_by("-closed_on", "-pk")[:200])
    reviewed = {r.case_id: r for r in CaseFileReview.objects.filter(case__in=list(closed), year=year)}
    rollup = (CaseFileReview.objects.filter(org_id__in=org_ids).values("org__name", "year")
              .annotate(n=Count("id"), avg=Avg("total"), lo=Min("total"), hi=Max("total"))
              .order_by("-year", "org__name"))
    rows = [{"case": c, "review": reviewed.get(c.pk)} for c in closed]
    return render(request, "reports/reviews.html", {"rows": rows, "rollup": rollup, "year": year,
                                                    "can_review": request.user.role in REVIEWER_ROLES})


@require_http_methods(["GET", "POST"])
@role_required(*REVIEWER_ROLES)
def review_case(request, case_id: int):
    """Score one closed case file against the checklist."""
    from rouxing.cases.models import Case

    case = Case.objects.filter(pk=case_id, org_id__in=selectors.report_org_ids(request.user)).first()
    if case is None:
        raise Http404("记录不存在或无权查看。")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.case_file_review_record(user=request.user, case=case, scores=form.scores(),
                                                      comments=form.cleaned_data["comments"], request=request)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"案卷评议已记录：{review.total}分（{review.get_grade_display()}）。")
            return redirect("reports:reviews")
    return render(request, "reports/review_form.html", {"case": case, "form": form, "checklist": REVIEW_CHECKLIST})

"""Views of oversight: 五个百分之百, 721, 同案异罚, 案卷评议 (the plan pages are `rouxing.plans.views`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Max, Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from rouxing.core.forms import apply_errors
from rouxing.orgs.access import role_required
from rouxing.orgs.roles import OVERSIGHT_REVIEWER_ROLES as REVIEWER_ROLES

from . import consistency, oversight, selectors, services
from .forms import ReviewForm
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

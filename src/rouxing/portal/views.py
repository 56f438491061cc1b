"""公示 pages: the four lists in force per bureau, upcoming and earlier versions. Open without login.

Only published or superseded versions are ever read here (never drafts, submitted or filed
versions), and only public fields are shown: no change reasons, contact persons or audit data.
Which version is in force is decided by the day's date, so a version published with a future
施行日期 appears as in force only from that date while the one it replaces moves to the history.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from rouxing.lists.display import list_sections
from rouxing.lists.models import ListVersion
from rouxing.lists.selectors import public_versions, version_in_force
from rouxing.orgs.models import Org

PUBLIC = (ListVersion.Status.PUBLISHED, ListVersion.Status.SUPERSEDED)


@require_safe
def index(request):
    """Bureaus with lists in force today."""
    today = timezone.localdate()
    in_force = (
        ListVersion.objects.filter(ListVersion.in_force_filter(today))
        .select_related("org").order_by("org__code", "-effective_from")
    )
    bureaus, seen = [], set()
    for version in in_force:
        if version.org_id not in seen:
            seen.add(version.org_id)
            bureaus.append({"org": version.org, "version": version})
    return render(request, "portal/index.html", {"bureaus": bureaus, "today": today})


@require_safe
def bureau(request, code: str):
    """One bureau: the lists in force today, versions published but not yet in force, and the history."""
    org = get_object_or_404(Org, code=code, kind=Org.Kind.ENFORCEMENT)
    today = timezone.localdate()
    current = version_in_force(org=org, day=today)
    versions = list(public_versions(org=org).select_related("filed_with"))
    upcoming = [v for v in versions if v.effective_from and v.effective_from > today]
    history = [v for v in versions if v not in upcoming and (current is None or v.pk != current.pk)]
    if current is None and not versions:
        raise Http404("该机关暂无公布的清单。")
    return render(request, "portal/bureau.html", {
        "org": org, "current": current, "sections": list_sections(current) if current else [],
        "upcoming": upcoming, "history": history, "today": today,
    })


@require_safe
def version(request, pk: int):
    """One published or superseded version with its four lists."""
    version = get_object_or_404(ListVersion.objects.select_related("org", "filed_with", "claimed_from__org"),
                                pk=pk, status__in=PUBLIC)
    today = timezone.localdate()
    if version.in_force_on(today):
        state = "现行有效"
    elif version.effective_from and version.effective_from > today:
        state = "已公布，尚未施行"
    else:
        state = "已停止施行（历史版本）"
    return render(request, "portal/version.html", {
        "version": version, "sections": list_sections(version), "state": state, "today": today,
    })

"""Reads of the reports app: which bureaus a user's reports may cover, report snapshots, panels.

Access rule (documented in README.md): every working role reads its own bureau's figures; the
负责人 (approver) of a bureau with bureaus below it also reads the roll-up over those bureaus
(seed 001 annex 5 note 2: the report goes to the 上级主管部门), with their records; a 司法局监督员
reads the bureaus their justice bureau supervises (orgs.access). A roll-up only ever includes the
bureaus the user may read, and the page names them.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from rouxing.orgs.access import oversight_org_ids as report_org_ids
from rouxing.orgs.models import Org, Role
from rouxing.orgs.roles import REPORT_ROLES

from . import aggregation
from .definition import Period, upcoming_deadlines
from .models import ReportSubmission


def report_orgs(user):
    """Enforcement bureaus the user may pick on the report pages."""
    return Org.objects.filter(pk__in=report_org_ids(user), kind=Org.Kind.ENFORCEMENT).order_by("level", "code")


def default_org(user) -> Org | None:
    orgs = list(report_orgs(user))
    own = [o for o in orgs if o.pk == user.org_id]
    return (own or orgs or [None])[0]


def resolve_org(user, org_id) -> Org:
    """The bureau a report page is about; another bureau's id gives 404."""
    if org_id in (None, ""):
        org = default_org(user)
        if org is None:
            raise Http404("没有可查看的机关。")
        return org
    try:
        pk = int(org_id)
    except (TypeError, ValueError) as exc:
        raise Http404("机关不存在。") from exc
    if pk not in report_org_ids(user):
        raise Http404("记录不存在或无权查看。")
    return Org.objects.get(pk=pk)


def covered_org_ids(user, org: Org, rollup: bool) -> list[int]:
    """The bureaus a report on `org` covers: itself, plus (roll-up) the readable bureaus below it."""
    allowed = report_org_ids(user)
    ids = {org.pk}
    if rollup:
        ids |= org.descendant_ids()
    return sorted(ids & allowed)


def build_snapshot(*, user, org: Org, period: Period, rollup: bool, contact_phone: str = "",
                   filled_on: dt.date | None = None) -> dict:
    """The complete report as plain data (what the page shows, what is exported and frozen)."""
    org_ids = covered_org_ids(user, org, rollup)
    per_org = aggregation.compute(org_ids, period)
    names = dict(Org.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    ordered = [org.pk] + sorted((i for i in org_ids if i != org.pk), key=lambda i: names[i])
    rows = [{"org_id": oid, "label": names[oid], "values": per_org[oid]} for oid in ordered if oid in per_org]
    return {
        "title": period.title,
        "period": period.code,
        "period_label": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "org_id": org.pk,
        "org_name": org.name,
        "rollup": rollup,
        "org_ids": ordered,
        "filled_on": (filled_on or timezone.localdate()).isoformat(),
        "contact_phone": contact_phone or org.contact_phone,
        "rows": rows,
        "total": aggregation.total(per_org) if rollup else None,
        "figures": aggregation.total(per_org),
    }


def submissions_for(user, org: Org | None = None):
    qs = ReportSubmission.objects.filter(org_id__in=report_org_ids(user)).select_related("org", "submitted_by")
    if org is not None:
        qs = qs.filter(org=org)
    return qs


def submitted_periods(org_id: int) -> set[tuple[str, int, int]]:
    return set(ReportSubmission.objects.filter(org_id=org_id)
               .values_list("period_kind", "year", "period_index"))


def pending_deadlines(user, today: dt.date | None = None, horizon_days: int = 30) -> list[dict]:
    """Reports of the user's bureau falling due within the horizon and not yet submitted."""
    today = today or timezone.localdate()
    if user.org_id is None or user.role not in REPORT_ROLES or user.role == Role.SUPERVISOR:
        return []
    done = submitted_periods(user.org_id)
    items = []
    for period in upcoming_deadlines(today, horizon_days):
        if (period.kind, period.year, period.index) in done:
            continue
        days = (period.due_date() - today).days
        items.append({"period": period, "due": period.due_date(), "days_left": days,
                      "label": f"{period.title}", "note": f"{period.due_date():%m月%d日}前报送，剩余{days}天"})
    return items


def panels(request) -> list[dict]:
    """Workbench panel: reports falling due (7月5日 half-year, 12月30日 annual, monthly on the 5th)."""
    user = request.user
    if not getattr(user, "is_authenticated", False) or user.role not in REPORT_ROLES:
        return []
    if user.role == Role.SUPERVISOR:
        return [{"title": "统计监督", "items": [{"label": "五个百分之百与同案异罚预警",
                                               "url": reverse("reports:oversight"), "note": "所监督机关"}],
                 "empty": ""}]
    items = []
    for d in pending_deadlines(user):
        url = reverse("reports:table") + f"?period={d['period'].code}"
        items.append({"label": d["label"], "url": url, "note": d["note"]})
    return [{"title": "统计报表报送提醒", "items": items, "empty": "近30天内无到期报表。"}]

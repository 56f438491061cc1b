"""Pages of the orgs app: the bureau hierarchy (all users) and the audit log (审计管理员 only)."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render

from rouxing.core.audit import audit_record, audit_verify
from rouxing.core.models import AuditEvent
from rouxing.orgs.access import role_required

from .models import Org, Role
from .roles import ALL_ROLES


def _tree(orgs: list[Org]) -> list[tuple[Org, int]]:
    children: dict[int | None, list[Org]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    out: list[tuple[Org, int]] = []

    def walk(parent_id, depth):
        for org in children.get(parent_id, []):
            out.append((org, depth))
            walk(org.pk, depth + 1)

    walk(None, 0)
    return out


@role_required(*ALL_ROLES)
def hierarchy(request):
    """机关 hierarchy: enforcement bureaus with departments and their supervising 司法局."""
    orgs = list(Org.objects.select_related("justice_bureau").prefetch_related("departments").order_by("code"))
    return render(request, "orgs/hierarchy.html", {"rows": _tree(orgs), "user_org": request.user.org_id})


def _parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _filtered_events(params):
    qs = AuditEvent.objects.order_by("-id")
    if params.get("event"):
        qs = qs.filter(event__icontains=params["event"])
    if params.get("actor"):
        qs = qs.filter(actor_name__icontains=params["actor"])
    if params.get("result") in ("success", "failure"):
        qs = qs.filter(result=params["result"])
    if params.get("object_type"):
        qs = qs.filter(object_type__icontains=params["object_type"])
    if start := _parse_date(params.get("start", "")):
        qs = qs.filter(at__date__gte=start)
    if end := _parse_date(params.get("end", "")):
        qs = qs.filter(at__date__lte=end)
    return qs


@role_required(Role.AUDITADMIN)
def audit_log(request):
    """审计日志 (read-only, filters, chain verification on demand); viewing it is itself audited."""
    events = _filtered_events(request.GET)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    report = audit_verify() if request.GET.get("verify") else None
    audit_record(event="audit.view", actor=request.user, request=request,
                 detail={k: v for k, v in request.GET.items() if k != "page"})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "orgs/audit_log.html", {
        "page": page, "params": request.GET, "report": report, "query": query.urlencode(),
    })

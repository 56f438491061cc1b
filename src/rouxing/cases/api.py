"""Cases API (read only): `GET /api/v1/cases/` and `GET /api/v1/cases/{id}` for the token's user,
scoped like the pages (own bureau; a supervisor the bureaus it supervises; another bureau → 404).

The list is paginated (`page`, `page_size` ≤ 200; the answer carries `count`, `page`, `pages`) and
filtered by `status` and `q` (case number, party name or 统一社会信用代码)."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from ninja import Router, Schema

from rouxing.orgs.access import readable_org_ids
from rouxing.orgs.roles import CASE_READERS as READ_ROLES

from .models import Case

router = Router(tags=["cases"])


class FindingOut(Schema):
    id: int
    violation_code: str
    violation_name: str
    found_on: dt.date
    basis: str
    cause: str
    suggested_fix: str
    recommended_outcome: str
    chosen_outcome: str
    departure_reason: str
    status: str


class CaseOut(Schema):
    id: int
    number: str
    org: str
    party: str
    title: str
    status: str
    status_label: str
    registered_on: dt.date
    proposed_outcome: str
    proposed_fine: int | None
    closed_on: dt.date | None
    findings: list[FindingOut] = []


def _cases(request):
    user = request.auth
    if user.role not in READ_ROLES:
        return Case.objects.none()
    return Case.objects.filter(org_id__in=readable_org_ids(user)).select_related("org", "party")


def _out(case: Case, with_findings: bool) -> dict:
    data = {"id": case.pk, "number": case.number, "org": case.org.name, "party": case.party.name,
            "title": case.title, "status": case.status, "status_label": case.get_status_display(),
            "registered_on": case.registered_on, "proposed_outcome": case.proposed_outcome,
            "proposed_fine": case.proposed_fine, "closed_on": case.closed_on, "findings": []}
    if with_findings:
        data["findings"] = [
            {"id": f.pk, "violation_code": f.violation.code, "violation_name": f.violation.name,
             "found_on": f.found_on, "basis": f.basis, "cause": f.cause, "suggested_fix": f.suggested_fix,
             "recommended_outcome": f.recommended_outcome, "chosen_outcome": f.chosen_outcome,
             "departure_reason": f.departure_reason, "status": f.status}
            for f in case.findings.select_related("violation")
        ]
    return data


class CasePage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[CaseOut]


MAX_PAGE_SIZE = 200


@router.get("/", response=CasePage, summary="案件列表（分页）")
def case_list(request, status: str | None = None, q: str | None = None, page: int = 1, page_size: int = 50):
    rows = _cases(request).order_by("-registered_on", "-pk")
    if status:
        rows = rows.filter(status=status)
    if q and q.strip():
        term = q.strip()[:100]
        rows = rows.filter(Q(number__icontains=term) | Q(party__name__icontains=term) | Q(party__uscc__iexact=term))
    paginator = Paginator(rows, max(1, min(page_size, MAX_PAGE_SIZE)))
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages,
            "page_size": paginator.per_page, "items": [_out(c, False) for c in current]}


@router.get("/{case_id}", response=CaseOut, summary="案件详情")
def case_detail(request, case_id: int):
    case = _cases(request).filter(pk=case_id).first()
    if case is None:
        raise Http404("记录不存在或无权查看。")
    return _out(case, True)

"""Views of the statistics report: dashboard, report table, cell drill-down, exports, submissions.

Every view needs login and a report role; the bureau comes from `?org=` and must be one the user may
read in the reports app (selectors.report_org_ids), otherwise 404.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from rouxing.core.access import role_required
from rouxing.core.forms import apply_errors

from . import aggregation, charts, oversight, selectors, services
from .consistency import OUTCOME_LABELS
from .definition import COLUMN_BY_KEY, COLUMNS, REPORT_NOTES, Period, default_period
from .export import build_xlsx, to_pdf
from .forms import SubmitForm
from .models import SUBMIT_ROLES, ReportSubmission
from .selectors import REPORT_ROLES


def _context(request):
    """Bureau, period and roll-up flag from the query string (bad values give a Chinese message)."""
    user = request.user
    org = selectors.resolve_org(user, request.GET.get("org"))
    code = request.GET.get("period") or ""
    error = ""
    try:
        period = Period.parse(code) if code else default_period(timezone.localdate())
    except ValueError as exc:
        error = str(exc)
        period = default_period(timezone.localdate())
    rollup = request.GET.get("rollup") == "1"
    return org, period, rollup, error


def _snapshot(request, org, period, rollup):
    return selectors.build_snapshot(user=request.user, org=org, period=period, rollup=rollup)


@require_GET
@role_required(*REPORT_ROLES)
def index(request):
    """统计监督 dashboard: the fifteen figures, charts and the oversight summary."""
    org, period, rollup, error = _context(request)
    snapshot = _snapshot(request, org, period, rollup)
    org_ids = snapshot["org_ids"]
    figures = snapshot["figures"]
    chart_data = {
        "month": charts.by_month(org_ids, period),
        "column": charts.by_column(figures, org_id=org.pk, period=period, rollup=rollup),
        "bureau": charts.by_bureau(snapshot, period),
        "industry": charts.by_industry(org_ids, period),
    }
    return render(request, "reports/index.html", {
        "org": org, "period": period, "rollup": rollup, "error": error, "snapshot": snapshot,
        "orgs": selectors.report_orgs(request.user), "cells": _cells(snapshot, figures, org, period, rollup),
        "chart_data": chart_data, "metrics": oversight.five_hundred_percent(org_ids, period, timezone.localdate()),
        "r721": oversight.ratio_721(org_ids, period), "deadlines": selectors.pending_deadlines(request.user),
    })


def _cells(snapshot, figures, org, period, rollup):
    return [{"col": c, "value": figures[c.key],
             "url": charts.drill_url(org_id=org.pk, period=period, rollup=rollup, key=c.key)} for c in COLUMNS]


@require_http_methods(["GET", "POST"])
@role_required(*REPORT_ROLES)
def table(request):
    """The report in the annex layout for a month, half-year or year; export and submit."""
    org, period, rollup, error = _context(request)
    form = SubmitForm(request.POST or None, initial={"contact_phone": org.contact_phone})
    if request.method == "POST":
        if form.is_valid():
            try:
                sub = services.report_submit(user=request.user, org=org, period=period, rollup=rollup,
                                             contact_phone=form.cleaned_data["contact_phone"],
                                             correction_reason=form.cleaned_data["correction_reason"],
                                             request=request)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已报送并封存：{sub}，SHA-256 {sub.sha256[:16]}…")
                return redirect("reports:submission", pk=sub.pk)
    snapshot = _snapshot(request, org, period, rollup)
    rows = [{"label": r["label"], "org_id": r["org_id"],
             "cells": [{"value": r["values"][c.key],
                        "url": charts.drill_url(org_id=r["org_id"], period=period, rollup=False, key=c.key)}
                       for c in COLUMNS]} for r in snapshot["rows"]]
    total = None
    if snapshot["total"] is not None:
        total = [{"value": snapshot["total"][c.key],
                  "url": charts.drill_url(org_id=org.pk, period=period, rollup=True, key=c.key)} for c in COLUMNS]
    can_submit = request.user.role in SUBMIT_ROLES and request.user.org_id == org.pk
    return render(request, "reports/table.html", {
        "org": org, "period": period, "rollup": rollup, "error": error, "snapshot": snapshot, "rows": rows,
        "total": total, "columns": COLUMNS, "notes": REPORT_NOTES, "form": form, "can_submit": can_submit,
        "orgs": selectors.report_orgs(request.user), "submissions": selectors.submissions_for(request.user, org),
    })


@require_GET
@role_required(*REPORT_ROLES)
def cell(request):
    """Drill-down: exactly the records counted in one cell, each with its written record."""
    org, period, rollup, error = _context(request)
    key = request.GET.get("col", "")
    if key not in COLUMN_BY_KEY or error:
        raise Http404("统计项不存在。")
    org_ids = selectors.covered_org_ids(request.user, org, rollup)
    records = aggregation.cell_records(org_ids, period, key)
    col = COLUMN_BY_KEY[key]
    value = aggregation.cell_value(records, key)
    records = list(records)
    for record in records:  # the adopted outcome (a penalty decision overrides the finding's choice)
        record.outcome_label = OUTCOME_LABELS.get(getattr(record, "outcome", ""), "")
    return render(request, "reports/cell.html", {
        "org": org, "period": period, "rollup": rollup, "col": col, "records": records,
        "value": value, "is_decision": col.source == "decision",
    })


@require_GET
@role_required(*REPORT_ROLES)
def export(request, fmt: str):
    """The current figures as .xlsx or .pdf (not frozen; a submission freezes them)."""
    org, period, rollup, error = _context(request)
    if error:
        raise Http404(error)
    snapshot = _snapshot(request, org, period, rollup)
    name = f"{org.code}-{period.code}{'-rollup' if rollup else ''}"
    return _file_response(build_xlsx(snapshot) if fmt == "xlsx" else b"", snapshot, name, fmt)


def _file_response(data: bytes, snapshot: dict, name: str, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        pdf = to_pdf(snapshot)
        if pdf is None:
            raise Http404("本机未安装 LibreOffice，无法生成 PDF，请下载 Excel 文件。")
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    if fmt != "xlsx":
        raise Http404("导出格式不存在。")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _submission(request, pk: int) -> ReportSubmission:
    sub = selectors.submissions_for(request.user).filter(pk=pk).first()
    if sub is None:
        raise Http404("记录不存在或无权查看。")
    return sub


@require_GET
@role_required(*REPORT_ROLES)
def submission(request, pk: int):
    """A frozen submission: its stored figures (never recomputed) and the file's digest check."""
    sub = _submission(request, pk)
    return render(request, "reports/submission.html", {
        "sub": sub, "snapshot": sub.snapshot, "columns": COLUMNS, "notes": REPORT_NOTES,
        "intact": services.submission_verify(submission=sub),
    })


@require_GET
@role_required(*REPORT_ROLES)
def submission_file(request, pk: int, fmt: str):
    """The frozen .xlsx exactly as submitted (digest checked), or its PDF."""
    sub = _submission(request, pk)
    with sub.xlsx.open("rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != sub.sha256:
        raise PermissionDenied("报表文件摘要与报送时不一致，文件可能被篡改。")
    return _file_response(data, sub.snapshot, f"{sub.org.code}-{sub.period.code}-r{sub.revision}", fmt)


@require_GET
@role_required(*REPORT_ROLES)
def submission_cell(request, pk: int):
    """Drill-down of a frozen figure: the records counted at submission (ids stored in the snapshot),
    marking any record changed since; `?org=` narrows to one bureau's row."""
    sub = _submission(request, pk)
    key = request.GET.get("col", "")
    if key not in COLUMN_BY_KEY:
        raise Http404("统计项不存在。")
    col = COLUMN_BY_KEY[key]
    ids = (sub.snapshot.get("record_ids") or {}).get(key, [])
    records = aggregation.records_by_ids(col, ids)
    org_id = request.GET.get("org")
    if org_id and org_id.isdigit():
        records = records.filter(org_id=int(org_id))
    records = list(records)
    frozen = sub.snapshot["figures"][key] if not org_id else next(
        (r["values"][key] for r in sub.snapshot["rows"] if str(r["org_id"]) == org_id), 0)
    return render(request, "reports/submission_cell.html", {
        "sub": sub, "col": col, "records": records, "frozen": frozen, "missing": len(ids) - len(records)
        if not org_id else 0, "is_decision": col.source == "decision", "submitted_at": sub.submitted_at,
    })

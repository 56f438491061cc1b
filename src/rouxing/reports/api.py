"""Reports API (read only), for a provincial platform or a bureau's own tools:

- `GET /api/v1/reports/table?org=<id>&period=2025-H1&rollup=1`: the flexible-enforcement report of annex 5
  (the same figures as the 统计报表 page: the fifteen columns, one row per bureau, the roll-up total);
- `GET /api/v1/reports/cell?org=<id>&period=2025&col=guidance`: the records one figure counts, each with its
  written record (the drill-down of the page);
- `GET /api/v1/reports/submissions?org=<id>`: the frozen submissions with their SHA-256.

Scoped like the pages (`selectors.report_org_ids`: the token user's bureau, a supervisor's supervised
bureaus, a 负责人's lower bureaus); another bureau is 404, a bad period or column 422 with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status

from . import aggregation, selectors
from .consistency import OUTCOME_LABELS
from .definition import COLUMN_BY_KEY, COLUMNS, Period, default_period

router = Router(tags=["reports"])


class ColumnOut(Schema):
    no: int
    key: str
    title: str
    unit: str
    header: str


class RowOut(Schema):
    org_id: int
    org: str
    values: dict[str, int]


class TableOut(Schema):
    title: str
    period: str
    period_label: str
    start: dt.date
    end: dt.date
    org_id: int
    org: str
    rollup: bool
    columns: list[ColumnOut]
    rows: list[RowOut]
    total: dict[str, int] | None
    figures: dict[str, int]


class RecordOut(Schema):
    id: int
    kind: str
    org: str
    date: dt.date | None
    party: str
    persons: int
    description: str
    detail: dict[str, Any] = {}


class CellOut(Schema):
    org_id: int
    period: str
    rollup: bool
    column: ColumnOut
    value: int
    records: list[RecordOut]


class SubmissionOut(Schema):
    id: int
    org: str
    period: str
    rollup: bool
    revision: int
    correction_reason: str
    submitted_at: dt.datetime
    submitted_by: str
    sha256: str


class ErrorOut(Schema):
    error: str


def _scope(request, org: str | None, period: str | None) -> tuple[Any, Period]:
    """The bureau (404 when the token user may not read it) and the period (ValueError: Chinese text)."""
    if request.auth.role not in selectors.REPORT_ROLES:
        raise Http404("没有可查看的机关。")
    bureau = selectors.resolve_org(request.auth, org)
    return bureau, (Period.parse(period) if period else default_period(timezone.localdate()))


def _column(col) -> dict[str, Any]:
    return {"no": col.no, "key": col.key, "title": col.title, "unit": col.unit, "header": col.header}


@router.get("/table", response={200: TableOut, 422: ErrorOut}, summary="柔性执法统计报表")
def report_table(request, org: str | None = None, period: str | None = None, rollup: bool = False):
    """The report of one bureau (with `rollup`, also the bureaus below it) for a month, half-year or year
    (`period`: 2025, 2025-H1, 2025-03; default the current reporting period). Not frozen: a submission is."""
    try:
        bureau, span = _scope(request, org, period)
    except ValueError as exc:
        return Status(422, {"error": str(exc)})
    snap = selectors.build_snapshot(user=request.auth, org=bureau, period=span, rollup=rollup)
    return Status(200, {
        "title": snap["title"], "period": snap["period"], "period_label": snap["period_label"], "start": span.start,
        "end": span.end, "org_id": bureau.pk, "org": bureau.name, "rollup": rollup,
        "columns": [_column(c) for c in COLUMNS],
        "rows": [{"org_id": r["org_id"], "org": r["label"], "values": r["values"]} for r in snap["rows"]],
        "total": snap["total"], "figures": snap["figures"],
    })


def _record(record, is_decision: bool) -> dict[str, Any]:
    if is_decision:  # a finding whose adopted outcome is counted (a penalty decision overrides its choice)
        return {"id": record.pk, "kind": "finding", "org": record.org.name, "date": record.decided_on,
                "party": record.party.name, "persons": 1, "description": record.description,
                "detail": {"violation": record.violation.name, "outcome": getattr(record, "outcome", ""),
                           "outcome_label": OUTCOME_LABELS.get(getattr(record, "outcome", ""), ""),
                           "basis": record.basis, "coercion_withheld": bool(getattr(record, "coercion_withheld", False)),
                           "closing_note": getattr(record, "closing_note", "") or ""}}
    return {"id": record.pk, "kind": "measure", "org": record.org.name, "date": record.performed_on,
            "party": record.party.name if record.party_id else "", "persons": record.person_count,
            "description": record.content,
            "detail": {"method": record.method.name, "recipient": record.recipient,
                       "performed_by": str(record.performed_by)}}


@router.get("/cell", response={200: CellOut, 422: ErrorOut}, summary="统计数明细（穿透到记录）")
def report_cell(request, col: str, org: str | None = None, period: str | None = None, rollup: bool = False):
    """Exactly the records one figure counts (件: one per record; 人次: the persons of each record)."""
    try:
        bureau, span = _scope(request, org, period)
    except ValueError as exc:
        return Status(422, {"error": str(exc)})
    column = COLUMN_BY_KEY.get(col)
    if column is None:
        return Status(422, {"error": f"统计项“{col}”不存在，可选：{'、'.join(c.key for c in COLUMNS)}。"})
    org_ids = selectors.covered_org_ids(request.auth, bureau, rollup)
    records = aggregation.cell_records(org_ids, span, col)
    value = aggregation.cell_value(records, col)
    is_decision = column.source == "decision"
    return Status(200, {"org_id": bureau.pk, "period": span.code, "rollup": rollup, "column": _column(column),
                        "value": value, "records": [_record(r, is_decision) for r in records]})


@router.get("/submissions", response=list[SubmissionOut], summary="已报送（封存）的报表")
def report_submissions(request, org: str | None = None):
    """Frozen submissions of the bureaus the token user may read (or of `org`), newest first."""
    if request.auth.role not in selectors.REPORT_ROLES:
        return []
    bureau = selectors.resolve_org(request.auth, org) if org else None
    rows = selectors.submissions_for(request.auth, bureau).order_by("-submitted_at", "-pk")
    return [{"id": s.pk, "org": s.org.name, "period": s.period.code, "rollup": s.rollup,
             "revision": s.revision, "correction_reason": s.correction_reason, "submitted_at": s.submitted_at, "submitted_by": str(s.submitted_by), "sha256": s.sha256}
            for s in rows[:500]]

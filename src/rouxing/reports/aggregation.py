"""Figures of the statistics report computed from records only (seed 001 annex 5, note 1).

Every cell is defined by one queryset of records (`cell_records`): flexible measures of a method
(the method's `report_column` names its column; methods outside columns 5-14 go to 其他) or
findings whose chosen outcome is 不予/减轻/从轻行政处罚 or whose coercion was withheld. The figures
(`compute`) are the same filters grouped in the database (one GROUP BY per source), so each figure
equals what its drill-down lists: a count without a record cannot arise. 件 columns count records;
人次 columns add up each record's `person_count`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum

from .definition import COLUMN_BY_KEY, COLUMNS, DECISION, MEASURE, Column, Period

METHOD_COLUMNS = {c.no: c for c in COLUMNS if c.source == MEASURE}
DECISION_OUTCOMES = ("no_penalty", "reduced", "lighter")


def measures_in(org_ids, start: dt.date, end: dt.date) -> QuerySet:
    """Flexible measures of the bureaus performed in [start, end] (cases.selectors.measures_for_period)."""
    from rouxing.cases.selectors import measures_for_period

    return measures_for_period(org_ids, start, end)


def decisions_in(org_ids, start: dt.date, end: dt.date) -> QuerySet:
    """Findings whose outcome became final in [start, end], `outcome` annotated with the adopted
    outcome (a case's penalty decision overrides the finding's choice): cases.selectors."""
    from rouxing.cases.selectors import decisions_for_period

    return decisions_for_period(org_ids, start, end)


def column_filter(col: Column) -> Q:
    """The record filter that defines one column (applied to measures or findings)."""
    if col.source == MEASURE:
        return Q(method__report_column=col.no)
    if col.source == DECISION:
        if col.key == "no_coercion":
            return Q(coercion_withheld=True)
        return Q(outcome=col.key)
    return ~Q(method__report_column__in=list(METHOD_COLUMNS))


def cell_records(org_ids, period: Period, key: str) -> QuerySet:
    """The records behind one cell, in the order the drill-down page lists them."""
    col = COLUMN_BY_KEY[key]
    if col.source == DECISION:
        return decisions_in(org_ids, period.start, period.end).filter(column_filter(col))
    return measures_in(org_ids, period.start, period.end).filter(column_filter(col))


def _measure_model():
    from rouxing.cases.models import FlexibleMeasure

    return FlexibleMeasure


def records_by_ids(col: Column, ids) -> QuerySet:
    """Records of a column by id (the drill-down of a frozen submission)."""
    if col.source == DECISION:
        from rouxing.cases.models import Finding

        return (Finding.objects.filter(pk__in=list(ids))
                .select_related("org", "party", "violation", "recorded_by").order_by("decided_on", "pk"))
    return (_measure_model().objects.filter(pk__in=list(ids))
            .select_related("org", "party", "method", "performed_by").order_by("performed_on", "pk"))


def cell_value(records: QuerySet, key: str) -> int:
    """The figure of one cell recomputed from its record list (used to cross-check drill-downs)."""
    col = COLUMN_BY_KEY[key]
    if col.sums_persons:
        return int(records.aggregate(n=Sum("person_count"))["n"] or 0)
    return records.count()


def _empty() -> dict[str, int]:
    return {c.key: 0 for c in COLUMNS}


def compute(org_ids, period: Period) -> dict[int, dict[str, int]]:
    """Figures per bureau: {org_id: {column key: value}} for every bureau in `org_ids`."""
    org_ids = list(org_ids)
    result: dict[int, dict[str, int]] = {oid: _empty() for oid in org_ids}
    rows = (measures_in(org_ids, period.start, period.end)
            .values("org_id", "method__report_column", "method__unit")
            .annotate(n=Count("id"), persons=Sum("person_count"))
            .order_by())
    for row in rows:
        col = METHOD_COLUMNS.get(row["method__report_column"]) or COLUMN_BY_KEY["other"]
        value = row["persons"] if col.sums_persons else row["n"]
        result[row["org_id"]][col.key] += int(value or 0)
    outcomes = (decisions_in(org_ids, period.start, period.end)
                .values("org_id")
                .annotate(**{key: Count("id", filter=Q(outcome=key)) for key in DECISION_OUTCOMES},
                          no_coercion=Count("id", filter=Q(coercion_withheld=True)))
                .order_by())
    for row in outcomes:
        for key in (*DECISION_OUTCOMES, "no_coercion"):
            result[row["org_id"]][key] += int(row[key] or 0)
    return result


def total(per_org: dict[int, dict[str, int]]) -> dict[str, int]:
    summed: dict[str, int] = defaultdict(int)
    for values in per_org.values():
        for key, value in values.items():
            summed[key] += value
    return {c.key: summed[c.key] for c in COLUMNS}

"""Chart series for the dashboard (ECharts): by month, by column (method), by bureau, by industry.

All series come from the same record querysets as the report (aggregation.measures_in /
decisions_in), so a chart and the table always agree. Each point carries the drill-down URL.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse

from rouxing.parties.models import Industry

from .aggregation import DECISION_OUTCOMES, METHOD_COLUMNS, decisions_in, measures_in
from .definition import COLUMNS, Period, PeriodKind


def drill_url(*, org_id: int, period: Period, rollup: bool, key: str) -> str:
    query = {"org": org_id, "period": period.code, "col": key}
    if rollup:
        query["rollup"] = "1"
    return reverse("reports:cell") + "?" + urlencode(query)


def _measure_value(row) -> int:
    col = METHOD_COLUMNS.get(row["method__report_column"])
    if col is not None and col.sums_persons:
        return int(row["persons"] or 0)
    return int(row["n"] or 0)


def by_month(org_ids, period: Period) -> dict:
    """Flexible measures (件/人次 as the column counts them) and lenient decisions per month."""
    months = list(range(period.start.month, period.end.month + 1))
    measures = defaultdict(int)
    rows = (measures_in(org_ids, period.start, period.end)
            .annotate(m=ExtractMonth("performed_on"))
            .values("m", "method__report_column").annotate(n=Count("id"), persons=Sum("person_count")).order_by())
    for row in rows:
        measures[row["m"]] += _measure_value(row)
    decisions = defaultdict(int)
    drows = (decisions_in(org_ids, period.start, period.end)
             .filter(Q(outcome__in=DECISION_OUTCOMES) | Q(coercion_withheld=True))
             .annotate(m=ExtractMonth("decided_on")).values("m").annotate(n=Count("id")).order_by())
    for row in drows:
        decisions[row["m"]] += row["n"]
    urls = []
    for m in months:
        month = Period(PeriodKind.MONTH, period.year, m)
        urls.append(reverse("reports:table") + "?" + urlencode({"period": month.code}))
    return {"labels": [f"{m}月" for m in months],
            "series": [{"name": "柔性执法措施", "data": [measures[m] for m in months]},
                       {"name": "不予/减轻/从轻处罚及不予强制", "data": [decisions[m] for m in months]}],
            "urls": urls}


def by_column(figures: dict, *, org_id: int, period: Period, rollup: bool) -> dict:
    return {"labels": [c.title for c in COLUMNS],
            "series": [{"name": "数量", "data": [figures[c.key] for c in COLUMNS]}],
            "urls": [drill_url(org_id=org_id, period=period, rollup=rollup, key=c.key) for c in COLUMNS]}


def by_bureau(snapshot: dict, period: Period) -> dict:
    labels, measures, decisions, urls = [], [], [], []
    for row in snapshot["rows"]:
        values = row["values"]
        labels.append(row["label"])
        decisions.append(sum(values[c.key] for c in COLUMNS if c.no <= 4))
        measures.append(sum(values[c.key] for c in COLUMNS if c.no > 4))
        urls.append(reverse("reports:table") + "?" + urlencode({"org": row["org_id"], "period": period.code}))
    return {"labels": labels, "series": [{"name": "柔性执法措施", "data": measures},
                                         {"name": "不予/减轻/从轻处罚及不予强制", "data": decisions}],
            "urls": urls}


def by_industry(org_ids, period: Period) -> dict:
    """Records per industry of the party (行业类别); measures without a party are 未关联相对人."""
    counts: dict[str, int] = defaultdict(int)
    for row in (measures_in(org_ids, period.start, period.end).values("party__industry")
                .annotate(n=Count("id")).order_by()):
        counts[row["party__industry"] or ""] += row["n"]
    for row in (decisions_in(org_ids, period.start, period.end)
                .filter(Q(outcome__in=DECISION_OUTCOMES) | Q(coercion_withheld=True))
                .values("party__industry").annotate(n=Count("id")).order_by()):
        counts[row["party__industry"] or ""] += row["n"]
    labels = dict(Industry.choices)
    data = [{"name": labels.get(k, "未关联相对人"), "value": v} for k, v in sorted(counts.items()) if v]
    return {"labels": [d["name"] for d in data], "series": [{"name": "记录数", "data": data}], "urls": []}

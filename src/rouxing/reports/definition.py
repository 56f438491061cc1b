"""The flexible-enforcement statistics report (柔性执法统计报表): its fifteen columns, periods and due dates.

The columns, their order, wording and units are those of seed 001 annex 5 (the same table as seed
000 annex 8). Note 1 of the annex requires that every counted item has a written record of the
flexible-enforcement act; the aggregation in `rouxing.reports.aggregation` therefore only counts
records, so a figure without a record cannot arise. Due dates: seed 000 section (三) "每年度7月5日和
12月30日前" for the half-year and the annual figures; seed 001 三(二) "建立月报、年报制度" for the
monthly report (due, by this product's rule, on the 5th of the following month).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

CASE = "件"
PERSON_TIME = "人次"

# Sources of a column: an outcome of a penalty/coercion decision, or a flexible measure by method.
DECISION = "decision"
MEASURE = "measure"
OTHER = "other"


@dataclass(frozen=True)
class Column:
    """One column of annex 5: 1-based number, header text, unit and where its records come from."""

    no: int
    key: str
    title: str
    unit: str
    source: str

    @property
    def header(self) -> str:
        """Header cell text as the annex prints it: the name, then the unit in brackets."""
        return f"{self.title}（{self.unit}）"

    @property
    def sums_persons(self) -> bool:
        """人次 columns add up the persons reached by each record, 件 columns count the records."""
        return self.unit == PERSON_TIME


COLUMNS: tuple[Column, ...] = (
    Column(1, "no_penalty", "不予行政处罚", CASE, DECISION),
    Column(2, "reduced", "减轻行政处罚", CASE, DECISION),
    Column(3, "lighter", "从轻行政处罚", CASE, DECISION),
    Column(4, "no_coercion", "不予行政强制", CASE, DECISION),
    Column(5, "persuasion", "说服教育", CASE, MEASURE),
    Column(6, "demonstration", "劝导示范", CASE, MEASURE),
    Column(7, "guidance", "行政指导", PERSON_TIME, MEASURE),
    Column(8, "reward", "行政奖励", PERSON_TIME, MEASURE),
    Column(9, "conciliation", "行政和解", CASE, MEASURE),
    Column(10, "advice", "行政建议", PERSON_TIME, MEASURE),
    Column(11, "reminder", "行政提示", PERSON_TIME, MEASURE),
    Column(12, "interview", "行政约谈", CASE, MEASURE),
    Column(13, "admonition", "行政告诫", CASE, MEASURE),
    Column(14, "return_visit", "行政回访", CASE, MEASURE),
    Column(15, "other", "其他", CASE, OTHER),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
COLUMN_BY_NO = {c.no: c for c in COLUMNS}

REPORT_NOTES = (
    "1. 所有事项的统计数量都应当具有实施该类柔性执法行为的文字记录；",
    "2. 每年本报表应当与年度行政执法统计报表一并报本级人民政府、上级主管部门和本级司法行政部门。",
)


class PeriodKind:
    MONTH = "month"
    HALF = "half"
    YEAR = "year"
    CHOICES = [(MONTH, "月报"), (HALF, "半年报"), (YEAR, "年报")]


@dataclass(frozen=True)
class Period:
    """A reporting period: a month (index 1-12), a half-year (1 or 2) or a year (index 0)."""

    kind: str
    year: int
    index: int = 0

    def __post_init__(self) -> None:
        valid = {PeriodKind.MONTH: range(1, 13), PeriodKind.HALF: range(1, 3), PeriodKind.YEAR: range(0, 1)}
        if self.kind not in valid:
            raise ValueError("报表期间类型无效，应为月报、半年报或年报。")
        if self.index not in valid[self.kind]:
            raise ValueError("报表期间序号无效。")
        if not 2000 <= self.year <= 2100:
            raise ValueError("年份无效。")

    @property
    def start(self) -> dt.date:
        if self.kind == PeriodKind.MONTH:
            return dt.date(self.year, self.index, 1)
        if self.kind == PeriodKind.HALF:
            return dt.date(self.year, 1 if self.index == 1 else 7, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the period (inclusive)."""
        if self.kind == PeriodKind.MONTH:
            return dt.date(self.year, self.index, calendar.monthrange(self.year, self.index)[1])
        if self.kind == PeriodKind.HALF and self.index == 1:
            return dt.date(self.year, 6, 30)
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}年{self.index}月"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年度"

    @property
    def title(self) -> str:
        return f"{self.label}柔性执法统计报表"

    @property
    def code(self) -> str:
        """Compact code used in URLs: 2025, 2025-H1, 2025-03."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @classmethod
    def parse(cls, code: str) -> Period:
        """Inverse of `code`; raises ValueError with a Chinese message on bad input."""
        text = (code or "").strip().upper()
        try:
            if "-H" in text:
                year, half = text.split("-H")
                return cls(PeriodKind.HALF, int(year), int(half))
            if "-" in text:
                year, month = text.split("-")
                return cls(PeriodKind.MONTH, int(year), int(month))
            return cls(PeriodKind.YEAR, int(text), 0)
        except ValueError as exc:
            if str(exc).startswith(("报表", "年份")):
                raise
            raise ValueError("报表期间格式应为 2025、2025-H1 或 2025-03。") from exc

    def due_date(self) -> dt.date:
        """When the report is due: 7月5日 (half-year, seed 000), 12月30日 (annual, seed 000; the
        second half-year is reported with the annual figures), the 5th of the next month (monthly)."""
        if self.kind == PeriodKind.HALF and self.index == 1:
            return dt.date(self.year, 7, 5)
        if self.kind in (PeriodKind.YEAR, PeriodKind.HALF):
            return dt.date(self.year, 12, 30)
        nxt = self.end + dt.timedelta(days=1)
        return dt.date(nxt.year, nxt.month, 5)


def upcoming_deadlines(today: dt.date, horizon_days: int = 30) -> list[Period]:
    """Periods whose report falls due within `horizon_days` from `today` (or is due today).

    The annual report is due on 12月30日 of the same year, before the year ends, so its figures
    run to the submission date; the month just ended is due on the 5th.
    """
    candidates: list[Period] = []
    for year in (today.year - 1, today.year):
        candidates.append(Period(PeriodKind.HALF, year, 1))
        candidates.append(Period(PeriodKind.YEAR, year, 0))
    prev = today.replace(day=1) - dt.timedelta(days=1)
    candidates.append(Period(PeriodKind.MONTH, prev.year, prev.month))
    candidates.append(Period(PeriodKind.MONTH, today.year, today.month))
    due = [p for p in candidates if 0 <= (p.due_date() - today).days <= horizon_days]
    return sorted(due, key=lambda p: p.due_date())


def default_period(today: dt.date) -> Period:
    """The year to show by default on the dashboard."""
    return Period(PeriodKind.YEAR, today.year, 0)

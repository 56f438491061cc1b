"""The report definition follows seed 001 annex 5 / seed 000 annex 8; periods and due dates."""

from __future__ import annotations

import datetime as dt

import pytest

from rouxing.reports.definition import COLUMNS, Period, PeriodKind, upcoming_deadlines

# seed 001 annex 5, header row, in order, with units
ANNEX_5 = [
    ("不予行政处罚", "件"), ("减轻行政处罚", "件"), ("从轻行政处罚", "件"), ("不予行政强制", "件"),
    ("说服教育", "件"), ("劝导示范", "件"), ("行政指导", "人次"), ("行政奖励", "人次"), ("行政和解", "件"),
    ("行政建议", "人次"), ("行政提示", "人次"), ("行政约谈", "件"), ("行政告诫", "件"), ("行政回访", "件"),
    ("其他", "件"),
]


def test_fifteen_columns_in_annex_order_with_units():
    assert [(c.title, c.unit) for c in COLUMNS] == ANNEX_5
    assert [c.no for c in COLUMNS] == list(range(1, 16))


def test_measure_columns_match_the_method_report_columns(demo):
    from rouxing.lists.models import FlexibleMethod

    # given the ten methods of annex 6 with their report column and unit
    methods = {m.report_column: (m.name, m.unit) for m in FlexibleMethod.objects.filter(report_column__gte=5,
                                                                                          report_column__lte=14)}
    # then each measure column names the same method with the same unit
    for c in COLUMNS[4:14]:
        assert methods[c.no] == (c.title, c.unit)


@pytest.mark.parametrize("code,start,end,label", [
    ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025年度"),
    ("2025-H1", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "2025年上半年"),
    ("2025-H2", dt.date(2025, 7, 1), dt.date(2025, 12, 31), "2025年下半年"),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024年2月"),
])
def test_period_parse_gives_bounds_and_label(code, start, end, label):
    p = Period.parse(code)
    assert (p.start, p.end, p.label, p.code) == (start, end, label, code)


@pytest.mark.parametrize("bad", ["20x5", "2025-13", "2025-H3", "1999"])
def test_bad_period_is_refused_with_a_chinese_message(bad):
    with pytest.raises(ValueError) as exc:
        Period.parse(bad)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_due_dates_follow_seed_000_and_the_monthly_rule():
    assert Period(PeriodKind.HALF, 2025, 1).due_date() == dt.date(2025, 7, 5)
    assert Period(PeriodKind.YEAR, 2025, 0).due_date() == dt.date(2025, 12, 30)
    assert Period(PeriodKind.MONTH, 2025, 12).due_date() == dt.date(2026, 1, 5)


def test_reminders_before_july_5_and_december_30():
    # given mid-June: the half-year report is due on 7月5日
    june = upcoming_deadlines(dt.date(2025, 6, 20))
    assert Period(PeriodKind.HALF, 2025, 1) in june
    assert Period(PeriodKind.YEAR, 2025, 0) not in june
    # given early December: the annual report is due on 12月30日 and November's monthly on 12月5日
    december = upcoming_deadlines(dt.date(2025, 12, 2))
    assert Period(PeriodKind.YEAR, 2025, 0) in december
    assert Period(PeriodKind.MONTH, 2025, 11) in december
    # after the due date the reminder is gone
    assert Period(PeriodKind.HALF, 2025, 1) not in upcoming_deadlines(dt.date(2025, 7, 6))

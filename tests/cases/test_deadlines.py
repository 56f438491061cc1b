"""责令限期改正 deadlines: working days skip weekends and public holidays and count 调休 working days
(chinesecalendar, real 2024/2025 schedules); calendar-day deadlines ending on a rest day move on."""

import datetime as dt

import pytest

from rouxing.cases.models import Finding, RectificationOrder
from rouxing.cases.services import rectification_order

from .conftest import reload


def test_workday_deadline_spans_national_day_2024_and_counts_the_0929_working_sunday(sm):
    # given a finding on Friday 2024-09-27 (2024-09-29 is a 调休 working Sunday; 10-01..10-07 国庆)
    finding = sm.finding(on=dt.date(2024, 9, 27))
    # when a 5-working-day order is issued that day
    order = rectification_order(user=sm.officer, finding=finding, issued_on=dt.date(2024, 9, 27), period=5)
    # then 09-29 (Sun, working), 09-30, 10-08, 10-09, 10-10 are counted
    assert order.deadline == dt.date(2024, 10, 10)
    assert reload(finding).status == Finding.Status.RECTIFYING


def test_workday_deadline_skips_the_saturday_but_not_the_working_sunday(sm):
    # given an order issued Friday 2024-09-27 for one working day
    # when computed: Saturday 09-28 is a rest day, Sunday 09-29 is a 调休 working day
    assert RectificationOrder.compute_deadline(dt.date(2024, 9, 27), 1, "workdays") == dt.date(2024, 9, 29)


def test_workday_deadline_spans_spring_festival_2025(sm):
    # given 2025-01-26 (Sun) is a working day and 01-28..02-04 are 春节 holidays
    # when 3 working days run from Friday 2025-01-24
    deadline = RectificationOrder.compute_deadline(dt.date(2025, 1, 24), 3, "workdays")
    # then 01-26, 01-27 and 02-05 are counted
    assert deadline == dt.date(2025, 2, 5)


def test_calendar_day_deadline_ending_in_the_holiday_moves_to_the_next_working_day(sm):
    # given a 7-calendar-day order issued 2024-09-25 (would end 10-02, inside 国庆)
    finding = sm.finding(on=dt.date(2024, 9, 25))
    order = rectification_order(user=sm.officer, finding=finding, issued_on=dt.date(2024, 9, 25), period=7,
                                day_kind="calendar")
    # then it ends on the first working day after the holiday
    assert order.deadline == dt.date(2024, 10, 8)


def test_calendar_day_deadline_on_a_working_day_is_kept(sm):
    assert RectificationOrder.compute_deadline(dt.date(2024, 10, 8), 4, "calendar") == dt.date(2024, 10, 12)


def test_order_with_zero_days_is_refused_and_finding_unchanged(sm):
    from django.core.exceptions import ValidationError

    finding = sm.finding()
    with pytest.raises(ValidationError, match="整改期限"):
        rectification_order(user=sm.officer, finding=finding, issued_on=dt.date(2024, 9, 27), period=0)
    assert reload(finding).status == Finding.Status.RECORDED
    assert not RectificationOrder.objects.filter(finding=finding).exists()

"""Working-day arithmetic for legal deadlines (工作日), using chinesecalendar (holidays and 调休)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar


class CalendarRangeError(ValueError):
    """The date lies outside the years chinesecalendar knows."""


def is_workday(day: dt.date) -> bool:
    """True on Chinese working days, including 调休 Saturdays/Sundays."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarRangeError(f"{day.year}年的节假日安排尚未收录，无法计算工作日。") from exc


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_workday(current):
            remaining -= 1
    return current


def add_calendar_days(start: dt.date, days: int) -> dt.date:
    """Calendar-day deadline; per common practice a deadline ending on a holiday moves to the next workday."""
    end = start + dt.timedelta(days=days)
    while not is_workday(end):
        end += dt.timedelta(days=1)
    return end


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Number of working days after `start` up to and including `end`."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count

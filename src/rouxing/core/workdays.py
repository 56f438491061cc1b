"""Working-day arithmetic for legal deadlines (工作日): holidays and 调休 working days.

Which rule decides a day, first match wins:
  1. a day the 系统管理员 entered under 系统管理 → 节假日安排 (`HolidayCalendarDay`);
  2. a year marked complete (`HolidayCalendarYear.complete`): Monday–Friday work, Saturday/Sunday rest;
  3. chinesecalendar (the package's published schedules);
  4. otherwise `CalendarRangeError`: nobody has entered that year's schedule yet.

Deadlines loop over days, so the entered days are read once per year and kept in a module-level cache.
Saving or deleting a calendar row clears it in this process (see core.models); other worker processes
reload after `CACHE_SECONDS` at the latest.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

import chinese_calendar

CACHE_SECONDS = 300.0


class CalendarRangeError(ValueError):
    """No schedule is known for the date's year (neither entered nor in chinesecalendar)."""


@dataclass(frozen=True)
class _YearRules:
    overrides: dict[dt.date, bool]
    complete: bool
    loaded_at: float


_cache: dict[int, _YearRules] = {}
_lock = threading.Lock()


def clear_calendar_cache() -> None:
    """Forget the cached entered days (called whenever a 节假日安排 row is saved or deleted)."""
    with _lock:
        _cache.clear()


def _load_year(year: int) -> _YearRules:
    from rouxing.core.models import HolidayCalendarDay, HolidayCalendarYear

    overrides = dict(
        HolidayCalendarDay.objects.filter(date__year=year).values_list("date", "is_workday")
    )
    complete = HolidayCalendarYear.objects.filter(year=year, complete=True).exists()
    return _YearRules(overrides=overrides, complete=complete, loaded_at=time.monotonic())


def _year_rules(year: int) -> _YearRules:
    rules = _cache.get(year)
    if rules is None or time.monotonic() - rules.loaded_at > CACHE_SECONDS:
        rules = _load_year(year)
        with _lock:
            _cache[year] = rules
    return rules


def range_error_message(year: int) -> str:
    return (f"{year}年的节假日安排尚未录入，无法计算工作日。请系统管理员在“系统管理 → 节假日安排”中"
            f"录入国务院办公厅公布的{year}年节假日安排。")


def is_workday(day: dt.date) -> bool:
    """True on Chinese working days, including 调休 Saturdays/Sundays; see the module docstring."""
    rules = _year_rules(day.year)
    entered = rules.overrides.get(day)
    if entered is not None:
        return entered
    if rules.complete:
        return day.weekday() < 5
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError as exc:
        raise CalendarRangeError(range_error_message(day.year)) from exc


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

"""Working-day arithmetic for legal deadlines (工作日): holidays and 调休 working days.

Which rule decides a day, first match wins:
  1. a day the 系统管理员 entered under 系统管理 → 节假日安排 (`HolidayCalendarDay`);
  2. a year marked complete (`HolidayCalendarYear.complete`): Monday–Friday work, Saturday/Sunday rest;
  3. chinesecalendar (the package's published schedules);
  4. otherwise the weekday rule as well, but the year is *not known* (`year_is_known` is False): a
     deadline that counts a day of such a year is provisional (暂按周末推算, `is_provisional`). Nothing is
     ever refused for a missing year: the deadline is computed, shown with a warning, and rechecked when
     the year's schedule is entered (signal `calendar_year_entered`, sent by core.holidays).

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
from django.dispatch import Signal

CACHE_SECONDS = 300.0

# Sent (with `years`: tuple[int, ...] and `user`) after a 节假日安排 import or a year marked complete, so
# that the apps holding provisional deadlines recheck them. core imports no app: they connect to it.
calendar_year_entered = Signal()


@dataclass(frozen=True)
class _YearRules:
    overrides: dict[dt.date, bool]
    complete: bool
    loaded_at: float
    in_package: bool


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
    return _YearRules(overrides=overrides, complete=complete, loaded_at=time.monotonic(),
                      in_package=_package_knows(year))


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _year_rules(year: int) -> _YearRules:
    rules = _cache.get(year)
    if rules is None or time.monotonic() - rules.loaded_at > CACHE_SECONDS:
        rules = _load_year(year)
        with _lock:
            _cache[year] = rules
    return rules


def year_is_known(year: int) -> bool:
    """Whether `year`'s 节假日安排 is known: marked complete by the 系统管理员, or in chinesecalendar."""
    rules = _year_rules(year)
    return rules.complete or rules.in_package


def unknown_years(start: dt.date, end: dt.date) -> list[int]:
    """The years from `start` to `end` (inclusive, in either order) whose schedule is not known."""
    first, last = sorted((start.year, end.year))
    return [year for year in range(first, last + 1) if not year_is_known(year)]


def is_provisional(start: dt.date | None, end: dt.date | None) -> bool:
    """True when a deadline counted from `start` to `end` crossed a year whose schedule is not known, so
    it was computed with weekends only (暂按周末推算) and must be rechecked once the year is entered."""
    if start is None or end is None:
        return False
    return bool(unknown_years(start, end))


def provisional_message(start: dt.date | None, end: dt.date | None) -> str:
    """The warning shown beside a provisional deadline, in Chinese; empty when the deadline is final."""
    if start is None or end is None:
        return ""
    years = unknown_years(start, end)
    if not years:
        return ""
    names = "、".join(f"{y}年" for y in years)
    return (f"暂按周末推算：{names}的节假日安排尚未录入，本期限未计入法定节假日和调休，"
            f"系统管理员录入{names}节假日安排后将自动复核。")


def missing_next_year_alert(today: dt.date) -> str:
    """The administrators' alert: from 1 November until next year's 节假日安排 is known."""
    if today.month < 11 or year_is_known(today.year + 1):
        return ""
    year = today.year + 1
    return (f"{year}年的节假日安排尚未录入。跨入{year}年的工作日期限（公示、陈述申辩、送达、整改等）目前暂按周末推算，"
            f"请系统管理员在“系统管理 → 节假日安排”中录入国务院办公厅公布的{year}年节假日安排。")


def is_workday(day: dt.date) -> bool:
    """True on Chinese working days, including 调休 Saturdays/Sundays; see the module docstring."""
    rules = _year_rules(day.year)
    entered = rules.overrides.get(day)
    if entered is not None:
        return entered
    if rules.complete or not rules.in_package:
        return day.weekday() < 5
    return bool(chinese_calendar.is_workday(day))


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

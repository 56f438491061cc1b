"""节假日安排 services: import a year's State Council schedule from CSV (all-or-nothing), export it, and
the audited writes behind the admin pages. Working-day arithmetic itself lives in core.workdays."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from .audit import audit_record
from .models import HolidayCalendarDay, HolidayCalendarYear
from .spreadsheet import neutralise, unneutralise
from .workdays import calendar_year_entered, clear_calendar_cache

CSV_COLUMNS = ("日期", "类型", "名称")
KIND_WORK = "上班"
KIND_REST = "放假"


@dataclass(frozen=True)
class HolidayRow:
    date: dt.date
    is_workday: bool
    name: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    years: tuple[int, ...]


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_row(line: int, row: dict[str, str | None], seen: set[dt.date]) -> tuple[HolidayRow | None, list[str]]:
    errors = []
    text = (row.get("日期") or "").strip()
    kind = (row.get("类型") or "").strip()
    name = unneutralise((row.get("名称") or "").strip())
    day = None
    try:
        day = _parse_date(text)
    except ValueError:
        errors.append(f"第{line}行：日期“{text}”无法识别，应为 YYYY-MM-DD。")
    if day is not None and day in seen:
        errors.append(f"第{line}行：日期 {day:%Y-%m-%d} 重复出现。")
    if kind not in (KIND_REST, KIND_WORK):
        errors.append(f"第{line}行：类型“{kind}”无效，只能填写“放假”或“上班”。")
    if not name:
        errors.append(f"第{line}行：名称不能为空（如：元旦、春节、调休上班）。")
    elif len(name) > HolidayCalendarDay._meta.get_field("name").max_length:
        errors.append(f"第{line}行：名称过长。")
    if errors or day is None:
        return None, errors
    seen.add(day)
    return HolidayRow(date=day, is_workday=kind == KIND_WORK, name=name), []


def parse_holiday_csv(text: str) -> list[HolidayRow]:
    """Parse the CSV (header 日期,类型,名称); every bad row is reported, in Chinese, in one ValidationError."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(f"缺少列：{'、'.join(missing)}。表头应为：{','.join(CSV_COLUMNS)}。")
    rows: list[HolidayRow] = []
    errors: list[str] = []
    seen: set[dt.date] = set()
    for line, raw in enumerate(reader, start=2):
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        parsed, row_errors = _parse_row(line, raw, seen)
        errors.extend(row_errors)
        if parsed is not None:
            rows.append(parsed)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("文件中没有任何日期。")
    return rows


@transaction.atomic
def holiday_calendar_import(*, user, rows: Iterable[HolidayRow], source: str = "",
                            complete_notice: str | None = None) -> ImportResult:
    """Enter (or correct) the listed days; with `complete_notice`, mark each year touched as complete."""
    created = updated = 0
    years: set[int] = set()
    for row in rows:
        obj, was_created = HolidayCalendarDay.objects.update_or_create(
            date=row.date,
            defaults={"is_workday": row.is_workday, "name": row.name, "source": source or complete_notice or ""},
            create_defaults={"is_workday": row.is_workday, "name": row.name,
                             "source": source or complete_notice or "", "created_by": user},
        )
        created += was_created
        updated += not was_created
        years.add(row.date.year)
    if complete_notice is not None:
        for year in sorted(years):
            holiday_year_mark_complete(user=user, year=year, notice=complete_notice)
    result = ImportResult(created=created, updated=updated, years=tuple(sorted(years)))
    audit_record(event="holiday_calendar.import", actor=user, object_type="core.HolidayCalendarDay",
                 detail={"created": created, "updated": updated, "years": list(result.years),
                         "complete_notice": complete_notice or ""})
    calendar_changed(user=user, years=result.years)
    return result


def calendar_changed(*, user, years: Iterable[int]) -> None:
    """After the 节假日安排 of `years` changed: forget the cached days and let every app recheck the
    deadlines it computed provisionally (in the same transaction: all or nothing)."""
    clear_calendar_cache()
    calendar_year_entered.send(sender=HolidayCalendarDay, years=tuple(sorted(set(years))), user=user)


@transaction.atomic
def holiday_year_mark_complete(*, user, year: int, notice: str) -> HolidayCalendarYear:
    """Record that `year`'s schedule has been entered in full (days without an entry follow the weekday rule)."""
    marker, created = HolidayCalendarYear.objects.get_or_create(
        year=year, defaults={"published_by_notice": notice, "complete": True, "created_by": user})
    if not created:
        marker.published_by_notice = notice
        marker.complete = True
        marker.save(update_fields=["published_by_notice", "complete"])
    audit_record(event="holiday_year.complete", actor=user, obj=marker, detail={"year": year, "notice": notice})
    calendar_changed(user=user, years=[year])
    return marker


def holiday_calendar_export(*, year: int | None = None) -> str:
    """The entered days as CSV in the import format (日期,类型,名称)."""
    days = HolidayCalendarDay.objects.order_by("date")
    if year is not None:
        days = days.filter(date__year=year)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day in days:
        writer.writerow([f"{day.date:%Y-%m-%d}", KIND_WORK if day.is_workday else KIND_REST, neutralise(day.name)])
    return out.getvalue()

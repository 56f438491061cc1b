"""Scheduled work (定时任务): daily jobs run by `rouxing schedule` (a loop, or `--once` from a systemd timer).

core imports no app: each app registers its jobs in its AppConfig.ready() with `register(name, label, fn)`.
A job is `fn(today) -> str` (a Chinese summary). `run_due(today)` runs every job not yet run on `today`;
a `ScheduledRun` row (unique per job and day) is claimed first, so two schedulers or a restart never run
a day's job twice, and a failed job is recorded with its error and retried on the next pass.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    fn: Callable[[dt.date], str]


_JOBS: dict[str, Job] = {}


def register(name: str, label: str, fn: Callable[[dt.date], str]) -> None:
    """Register a daily job (idempotent: the same name registers once)."""
    _JOBS[name] = Job(name=name, label=label, fn=fn)


def jobs() -> list[Job]:
    return [_JOBS[name] for name in sorted(_JOBS)]


def run_due(today: dt.date | None = None) -> list[tuple[str, bool, str]]:
    """Run each registered job not yet run successfully on `today`; returns (job, ok, summary) of those run."""
    from .audit import audit_record
    from .models import ScheduledRun

    today = today or timezone.localdate()
    results = []
    for job in jobs():
        run = ScheduledRun.objects.filter(job=job.name, day=today).first()
        if run is not None and run.ok:
            continue
        if run is None:
            try:
                with transaction.atomic():
                    run = ScheduledRun.objects.create(job=job.name, day=today)
            except IntegrityError:  # another scheduler claimed it a moment ago
                continue
        try:
            with transaction.atomic():
                summary = job.fn(today)
        except Exception as exc:  # noqa: BLE001 — a failing job is recorded and retried, never stops the others
            logger.exception("scheduled job %s failed", job.name)
            summary, ok = f"失败：{type(exc).__name__}: {exc}"[:500], False
        else:
            ok = True
        ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), ok=ok, summary=summary[:500])
        audit_record(event="schedule.run", actor=None, obj=run, result="success" if ok else "failure",
                     detail={"job": job.name, "day": today.isoformat(), "summary": summary[:200]})
        results.append((job.name, ok, summary))
    return results


def calendar_alert_job(today: dt.date) -> str:
    """The calendar alert: from 1 November, until next year's 节假日安排 is known, an audited alert each day
    (the 系统管理员 also sees it on every page)."""
    from .audit import audit_record
    from .workdays import missing_next_year_alert

    message = missing_next_year_alert(today)
    if not message:
        return "节假日安排已录入，无需提醒。"
    audit_record(event="calendar.alert", actor=None, object_type="core.HolidayCalendarYear",
                 object_id=str(today.year + 1), detail={"message": message})
    return message


def prune_task_results_job(today: dt.date) -> str:
    """Delete finished task results older than 30 days (the worker's own bookkeeping, not records)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=30)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return f"清理已完成的后台任务记录 {deleted} 条。"

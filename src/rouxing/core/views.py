"""Workbench (工作台) and health check."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def home(request):
    """The user's workbench: what falls to them today. Apps contribute panels via their selectors."""
    panels = []
    from rouxing.core.panels import collect_panels

    panels = collect_panels(request)
    return render(request, "core/home.html", {"panels": panels})


def healthz(request):
    """Liveness: the process answers (no database access, so a database outage does not restart the web)."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Readiness: the database answers and the task queue is reachable and keeping up (the oldest task
    waiting to run is younger than ROUXING_READY_TASK_BACKLOG_SECONDS). 503 with the failed check otherwise."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 — any database failure means not ready
        checks["database"] = f"error: {type(exc).__name__}"
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    try:
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except Exception as exc:  # noqa: BLE001 — the task table is unreachable (not migrated, no permission)
        checks["tasks"] = f"error: {type(exc).__name__}"
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    limit = dt.timedelta(seconds=settings.ROUXING_READY_TASK_BACKLOG_SECONDS)
    if oldest is not None and timezone.now() - oldest > limit:
        checks["tasks"] = f"backlog: oldest queued task waiting since {oldest.isoformat()}"
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    checks["tasks"] = "ok"
    return JsonResponse({"status": "ok", "checks": checks})

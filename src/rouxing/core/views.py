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
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

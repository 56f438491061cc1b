"""Workbench panels: each app may offer `panels(request) -> list[dict]` in its `selectors` module.

A panel is `{"title": str, "items": [{"label": str, "url": str, "note": str}], "empty": str}`.
`gather` is the same lookup for any such hook (the party page's `party_sections` uses it too).
"""

from __future__ import annotations

import importlib
from typing import Any

PANEL_APPS = ["rouxing.cases", "rouxing.reports", "rouxing.lists", "rouxing.parties", "rouxing.documents"]


def gather(apps, hook: str, *args: Any) -> list[dict]:
    """What `<app>.selectors.<hook>(*args)` returns for each app in `apps`, concatenated in order; an app
    without a selectors module or without the hook adds nothing (apps show parts of each other's
    pages without importing each other)."""
    found: list[dict] = []
    for app in apps:
        try:
            module = importlib.import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, hook, None)
        if provider is not None:
            found.extend(provider(*args))
    return found


def collect_panels(request) -> list[dict]:
    return gather(PANEL_APPS, "panels", request)

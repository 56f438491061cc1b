"""Workbench panels: each app may offer `panels(request) -> list[dict]` in its `selectors` module.

A panel is `{"title": str, "items": [{"label": str, "url": str, "note": str}], "empty": str}`.
"""

from __future__ import annotations

import importlib

PANEL_APPS = ["rouxing.cases", "rouxing.reports", "rouxing.lists", "rouxing.parties", "rouxing.documents"]


def collect_panels(request) -> list[dict]:
    panels: list[dict] = []
    for app in PANEL_APPS:
        try:
            module = importlib.import_module(f"{app}.selectors")
        except ModuleNotFoundError:
            continue
        provider = getattr(module, "panels", None)
        if provider is not None:
            panels.extend(provider(request))
    return panels

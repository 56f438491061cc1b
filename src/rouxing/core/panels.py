"""Workbench panels (工作台): apps contribute `panels(request) -> list[dict]` in their AppConfig.ready().

A panel is `{"title": str, "items": [{"label": str, "url": str, "note": str}], "empty": str}`. core
imports no app: each app adds its provider to `PANELS` (`rouxing.core.hooks.Contributions`), with an
`order` that fixes the panel's place on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .hooks import Contributions

PanelProvider = Callable[[Any], list[dict]]

PANELS: Contributions[PanelProvider] = Contributions("core.panels", "工作台面板")

# Place of each app's panels on the workbench (the order the page always had).
ORDER_CASES, ORDER_REPORTS, ORDER_LISTS, ORDER_PARTIES, ORDER_DOCUMENTS = 10, 20, 30, 40, 50


def collect_panels(request) -> list[dict]:
    return PANELS.collect(request)

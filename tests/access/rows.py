"""Row counts of every project table, to prove that a refused action changed nothing."""

from __future__ import annotations

from django.apps import apps

VOLATILE = {"sessions.session"}


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()
            if m.__module__.startswith("rouxing.") and not m._meta.proxy
            and m._meta.label_lower not in VOLATILE}

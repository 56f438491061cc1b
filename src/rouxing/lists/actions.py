"""The status transitions a user may take on an object now, for the action buttons of the pages.

Temporary per-app helper: to be replaced by `rouxing.core.fsm.available_actions` once that lands.
"""

from __future__ import annotations

from typing import Any


def status_actions(obj, user) -> dict[str, Any]:
    """Transitions of `obj.status` open to `user` in the current state, by method name.

    Each value is a django-fsm `Transition`; its `custom["label"]` is the button text.
    """
    return {t.name: t for t in obj.get_available_user_status_transitions(user)}

"""`{% transition_buttons obj %}`: the buttons of the status transitions the signed-in user may take now
on `obj` (declared on the model with django-fsm-2, see core.fsm); `{% can_take obj "name" as ok %}`."""

from __future__ import annotations

from typing import Any

from django import template

from rouxing.core.fsm import available_actions
from rouxing.core.fsm import can_take as _can_take

register = template.Library()


@register.inclusion_tag("core/_transition_buttons.html", takes_context=True)
def transition_buttons(context: dict[str, Any], obj: Any, html_id: str = "actions",
                       css: str = "btn") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"actions": available_actions(obj, user) if user is not None else [], "html_id": html_id, "css": css}


@register.simple_tag(takes_context=True)
def can_take(context: dict[str, Any], obj: Any, name: str) -> bool:
    """Whether the signed-in user may take the transition `name` on `obj` now."""
    request = context.get("request")
    return _can_take(obj, name, getattr(request, "user", None)) if request is not None else False

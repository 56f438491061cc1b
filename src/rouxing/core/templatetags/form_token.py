"""`{% form_token %}`: the hidden one-time token for a hand-written form (see core.idempotency)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from rouxing.core.idempotency import new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="form_token" value="{}">', new_token())

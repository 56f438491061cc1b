"""Form helpers shared by the apps' thin views."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def apply_errors(form: BaseForm, exc: ValidationError, *, aliases: Mapping[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: each message next to the field it names (a service
    field named differently on the form is mapped by `aliases`), else above the form (non-field)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        name = (aliases or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)

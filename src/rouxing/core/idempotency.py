"""Idempotent form submissions (表单防重复提交).

Every create form carries a hidden one-time token (`TokenForm.form_token`, a fresh UUID each time the
form is rendered). `run_once` runs the write inside one transaction together with a `FormSubmission`
row for the token; a second POST with the same token — Back + submit, a double click — stores nothing
and raises `AlreadySubmitted` with the page of the first result, which the view shows with
「该表单已提交过，本次未重复保存。」. A concurrent duplicate loses on the unique token and is rolled back.
A POST without a token (API clients, scripts) is not deduplicated.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.db import IntegrityError, transaction

from .models import FormSubmission

T = TypeVar("T")
DUPLICATE_MESSAGE = "该表单已提交过，本次未重复保存。"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    return uuid.uuid4().hex


class TokenForm(forms.Form):
    """A form with the hidden one-time `form_token` (rendered fresh on every GET or re-display)."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_token)


class AlreadySubmitted(Exception):
    """The token was used before; `url` is the first result's page ('' when unknown)."""

    def __init__(self, url: str = "") -> None:
        super().__init__(DUPLICATE_MESSAGE)
        self.url = url


def _earlier(token: str, user) -> AlreadySubmitted:
    row = FormSubmission.objects.filter(token=token).first()
    same_user = row is not None and row.user_id == getattr(user, "pk", None)
    return AlreadySubmitted(row.url if same_user and row is not None else "")


def clean_token(value) -> str:
    """The token when it is well-formed, else '' (a malformed token gives no protection, nothing else)."""
    text = str(value or "").strip().lower()
    return text if _TOKEN.match(text) else ""


def run_once(*, user, token: str, label: str, action: Callable[[], T],
             url_for: Callable[[T], str] | None = None) -> T:
    """Run `action()` once per token: its writes and the token row commit together or not at all."""
    token = clean_token(token)
    if not token:
        return action()
    if FormSubmission.objects.filter(token=token).exists():
        raise _earlier(token, user)
    try:
        with transaction.atomic():
            result = action()
            url = url_for(result) if url_for is not None else ""
            with transaction.atomic():  # savepoint: a duplicate token is told apart from the action's errors
                FormSubmission.objects.create(token=token, user=user if getattr(user, "pk", None) else None,
                                              label=label[:100], url=(url or "")[:300])
    except IntegrityError:
        if FormSubmission.objects.filter(token=token).exists():
            raise _earlier(token, user) from None
        raise
    return result

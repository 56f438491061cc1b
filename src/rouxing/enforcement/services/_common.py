"""Helpers shared by the enforcement services: the cases services' role check, locked re-read and audit,
status moves by the models' transition methods (django-fsm-2), and per-bureau document numbers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from rouxing.cases.services._common import audit, ensure_role, locked, save_locked, snapshot, take
from rouxing.orgs.models import Org, Role
from rouxing.orgs.roles import APPROVER, OFFICER, REVIEWER
from rouxing.orgs.roles import CASE_WORKERS as WORKERS

__all__ = ["APPROVER", "OFFICER", "REVIEWER", "WORKERS", "audit", "ensure_role", "locked", "next_number",
           "now", "require", "save_locked", "snapshot", "take", "two_officers"]


def now() -> dt.datetime:
    return timezone.now()


def require(value: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationError(message)
    return value.strip()


def two_officers(officers, org_id: int, rule: str) -> list:
    """At least two officers of the bureau holding 执法证 (`rule` names the article)."""
    officers = list(officers)
    if len({o.pk for o in officers if (o.badge_no or "").strip() and o.role == Role.OFFICER}) < 2:
        raise ValidationError(f"须由两名以上持有执法证的行政执法人员实施（{rule}）。")
    if any(o.org_id != org_id for o in officers):
        raise ValidationError("执法人员须属于本机关。")
    return officers


def next_number(model, org: Org, year: int, word: str, date_field: str) -> str:
    """`{简称}{word}〔year〕n号`, numbered per bureau and year in the order the documents are issued."""
    Org.objects.select_for_update().filter(pk=org.pk).first()  # serialise numbering per bureau
    count = model.objects.filter(org=org, **{f"{date_field}__year": year}).exclude(number="").count() + 1
    return f"{org.short_name or org.name}{word}〔{year}〕{count}号"

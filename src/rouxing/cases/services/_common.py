"""Shared helpers of the case services: permission checks, snapshots for the audit trail, locking,
status transitions (the models' django-fsm-2 methods) and the call into the decision engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from rouxing.core.audit import audit_record
from rouxing.core.fsm import ensure_can_proceed
from rouxing.core.locking import EditConflict, save_with_lock
from rouxing.orgs.access import ensure_can_write
from rouxing.orgs.roles import APPROVER as APPROVER
from rouxing.orgs.roles import CASE_WORKERS as CASE_WORKERS
from rouxing.orgs.roles import OFFICER as OFFICER
from rouxing.orgs.roles import REVIEWER as REVIEWER

from ..models import Case

SNAPSHOT_SKIP = {"decision", "engine_decision", "checklist", "created_at", "updated_at"}


def ensure_role(user, org_id: int, roles: AbstractSet[str]) -> None:
    """The user belongs to the owning bureau and holds one of `roles` (PermissionDenied otherwise)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied("请先登录。")
    ensure_can_write(user, org_id, roles)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Concrete field values for the audit trail (large JSON parts left out, outcomes kept)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SNAPSHOT_SKIP:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        data[field.attname] = value
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that changed, as {"before": {...}, "after": {...}}."""
    keys = [k for k in after if before.get(k) != after.get(k) and k != "lock_version"]
    return {"before": {k: before.get(k) for k in keys}, "after": {k: after.get(k) for k in keys}}


def audit(event: str, *, user, obj, before: dict | None = None, extra: dict | None = None, org_id=None) -> None:
    after = snapshot(obj)
    detail: dict[str, Any] = changed(before, after) if before is not None else {"after": after}
    if extra:
        detail.update(extra)
    if org_id is None:
        org_id = getattr(obj, "org_id", None)
        if org_id is None and getattr(obj, "case_id", None):
            org_id = Case.objects.filter(pk=obj.case_id).values_list("org_id", flat=True).first()
    audit_record(event=event, actor=user, obj=obj, org_id=org_id, detail=detail)


def locked(model, pk: int):
    """Reload a row inside the transaction, locked against concurrent writers (PostgreSQL)."""
    return model.objects.select_for_update().get(pk=pk)


def check_version(obj, expected_version: int | None) -> int:
    """The version the editor loaded; a stale one is refused before anything is written."""
    version = obj.lock_version if expected_version is None else expected_version
    if version != obj.lock_version:
        raise EditConflict()
    return version


def save_locked(obj, *, expected_version: int | None, fields: list[str]) -> None:
    save_with_lock(obj, expected_version=check_version(obj, expected_version), update_fields=fields)


def ensure_not_frozen(case: Case) -> None:
    if case.is_frozen:
        raise ValidationError("案件已归档，案卷已封存，不能再修改。")


def move_case(case: Case, transition: str, *, user, expected_version: int | None, fields: list[str] | None = None,
              event: str, extra: dict | None = None) -> Case:
    """Take the case's transition method `transition` (with the other changed fields), audited; refused,
    naming both states, when the transition is not open in the case's state."""
    ensure_not_frozen(case)
    ensure_can_proceed(case, transition, prefix="案件")
    before = snapshot(Case.objects.get(pk=case.pk))
    getattr(case, transition)()
    save_locked(case, expected_version=expected_version, fields=["status", *(fields or [])])
    audit(event, user=user, obj=case, before=before, extra=extra)
    return case


def take(obj: models.Model, transition: str, *, prefix: str = "") -> None:
    """Take the transition method `transition` of `obj` (the caller saves), refused with the two states
    named when it is not open now."""
    ensure_can_proceed(obj, transition, prefix=prefix)
    getattr(obj, transition)()


def calendar(fn, *args):
    """Run a working-day computation. A year whose 节假日安排 is not known never refuses anything: core.workdays
    counts it with weekends only and the deadline shows as provisional (`core.workdays.is_provisional`)."""
    try:
        return fn(*args)
    except (NotImplementedError, OverflowError) as exc:
        raise ValidationError(f"无法计算期限：{exc}") from exc


def run_engine(facts: dict[str, Any]) -> dict[str, Any]:
    """Evaluate the contract facts with the bureau's lists; engine errors become a Chinese ValidationError."""
    try:
        from rouxing.engine.errors import EngineError
        from rouxing.lists.decisions import evaluate
    except ImportError as exc:
        raise ValidationError("裁量引擎暂不可用，请稍后再试或联系系统管理员。") from exc
    try:
        return evaluate(facts)
    except EngineError as exc:
        raise ValidationError(f"裁量引擎无法作出判断：{exc.message}") from exc

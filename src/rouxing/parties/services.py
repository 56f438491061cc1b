"""Writes of 行政相对人 and credit records: keyword-only, one transaction each, each audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rouxing.core.audit import audit_record
from rouxing.core.locking import save_with_lock
from rouxing.orgs.access import ensure_can_write
from rouxing.orgs.roles import PARTY_WRITERS

from .hooks import PUBLICITY_WITHDRAW
from .models import CreditRecord, Party

PARTY_FIELDS = [
    "kind", "name", "uscc", "id_number", "legal_rep", "address", "phone", "industry", "grade",
    "standardized", "trustworthy", "birth_date", "permit_expiry",
]


def _check_unique_uscc(party: Party) -> None:
    if party.uscc and Party.objects.filter(org_id=party.org_id, uscc=party.uscc).exclude(pk=party.pk).exists():
        raise ValidationError({"uscc": f"本机关已登记统一社会信用代码为{party.uscc}的行政相对人。"})


def party_create(*, actor, org, data: dict[str, Any], request=None) -> Party:
    """Register a 行政相对人 for `org` (validated: USCC/ID check characters, unique USCC per bureau)."""
    ensure_can_write(actor, org.pk, PARTY_WRITERS)
    party = Party(org=org, **{k: v for k, v in data.items() if k in PARTY_FIELDS})
    party.full_clean(exclude=["org"])
    _check_unique_uscc(party)
    with transaction.atomic():
        try:
            with transaction.atomic():
                party.save()
        except IntegrityError as exc:  # registered by someone else between the check and the insert
            raise ValidationError({"uscc": f"本机关已登记统一社会信用代码为{party.uscc}的行政相对人。"}) from exc
        audit_record(event="party.create", actor=actor, obj=party, request=request,
                     detail={"name": party.name, "uscc": party.uscc})
    return party


def party_update(*, actor, party: Party, data: dict[str, Any], expected_version: int, request=None) -> Party:
    """Change a party; raises EditConflict if someone saved it after `expected_version` was loaded."""
    ensure_can_write(actor, party.org_id, PARTY_WRITERS)
    changed = [k for k in PARTY_FIELDS if k in data and getattr(party, k) != data[k]]
    for key in changed:
        setattr(party, key, data[key])
    party.full_clean(exclude=["org"])
    _check_unique_uscc(party)
    with transaction.atomic():
        save_with_lock(party, expected_version=expected_version, update_fields=PARTY_FIELDS)
        audit_record(event="party.update", actor=actor, obj=party, request=request, detail={"fields": changed})
    return party


APPROVAL_ONLY_KINDS = frozenset({CreditRecord.Kind.BLACKLIST, CreditRecord.Kind.DEFERRED,
                                  CreditRecord.Kind.REPAIR, CreditRecord.Kind.REMOVAL})
PLAIN_KINDS = [(value, label) for value, label in CreditRecord.Kind.choices if value not in APPROVAL_ONLY_KINDS]


def credit_record_add(*, actor, party: Party, kind: str, occurred_on: dt.date, expires_on: dt.date | None = None,
                      fatal: bool = False, description: str = "", withdrawn_on: dt.date | None = None,
                      request=None) -> CreditRecord:
    """Add a plain 信用记录 (生产安全事故, 行政处罚信息公示) to a party.

    Listing kinds (列入严重失信主体名单, 暂不列入/暂缓列入, 信用修复, 移出名单) are written only by an approved
    `CreditAction` (officer proposes, 负责人 decides); this function refuses them.
    """
    ensure_can_write(actor, party.org_id, PARTY_WRITERS)
    if kind in APPROVAL_ONLY_KINDS:
        label = CreditRecord.Kind(kind).label
        raise ValidationError({"kind": f"“{label}”须经信用管理审批流程（执法人员提请、负责人审批）形成，"
                                       "不能作为普通信用记录直接添加。"})
    record = CreditRecord(party=party, org_id=party.org_id, kind=kind, occurred_on=occurred_on,
                          expires_on=expires_on, fatal=fatal and kind == CreditRecord.Kind.ACCIDENT,
                          description=description, withdrawn_on=withdrawn_on)
    record.full_clean()
    if expires_on and expires_on < occurred_on:
        raise ValidationError({"expires_on": "期限届满日不能早于发生/决定日期。"})
    if withdrawn_on and withdrawn_on < occurred_on:
        raise ValidationError({"withdrawn_on": "撤回公示日期不能早于发生/决定日期。"})
    with transaction.atomic():
        record.save()
        audit_record(event="credit_record.add", actor=actor, obj=record, request=request,
                     detail={"party": party.pk, "kind": kind})
    return record


def credit_record_withdraw(*, actor, record: CreditRecord, withdrawn_on: dt.date, expected_version: int,
                           request=None) -> CreditRecord:
    """Record that penalty publicity was withdrawn (撤回公示) once its period ended (seed 002 item 6);
    a penalty decision published with this record leaves the public pages too."""
    ensure_can_write(actor, record.org_id, PARTY_WRITERS)
    if record.kind != CreditRecord.Kind.PENALTY_PUBLICITY:
        raise ValidationError("只有行政处罚信息公示可以撤回。")
    if record.withdrawn_on is not None:
        raise ValidationError(f"该公示已于{record.withdrawn_on:%Y-%m-%d}撤回。")
    if withdrawn_on < record.occurred_on:
        raise ValidationError("撤回公示日期不能早于公示日期。")
    record.withdrawn_on = withdrawn_on
    with transaction.atomic():
        save_with_lock(record, expected_version=expected_version, update_fields=["withdrawn_on"])
        audit_record(event="credit_record.withdraw", actor=actor, obj=record, request=request,
                     detail={"party": record.party_id, "withdrawn_on": withdrawn_on.isoformat()})
        _withdraw_published_decisions(actor=actor, record=record, reason="公示期满撤回", on=withdrawn_on)
    return record


def _withdraw_published_decisions(*, actor, record: CreditRecord, reason: str, on: dt.date) -> None:
    """The cases app's hook (`hooks.PUBLICITY_WITHDRAW`): decisions published with `record` leave the public
    pages. Required: without a provider this raises `HookMissing` and the caller's transaction rolls back."""
    PUBLICITY_WITHDRAW.get()(user=actor, record=record, reason=reason, on=on)


def parties_import(*, actor, org, rows: list[dict[str, Any]], filename: str = "", request=None) -> list[Party]:
    """Store already validated import rows, all in one transaction (all-or-nothing)."""
    ensure_can_write(actor, org.pk, PARTY_WRITERS)
    try:
        with transaction.atomic():
            created = _import_rows(org, rows)
            audit_record(event="party.import", actor=actor, org_id=org.pk, request=request, object_type="parties.Party",
                         detail={"file": filename[:100], "count": len(created)})
    except IntegrityError as exc:  # a row was registered by someone else meanwhile
        raise ValidationError("导入期间有企业被他人登记，整个文件未导入，请重新上传。") from exc
    return created


def _import_rows(org, rows: list[dict[str, Any]]) -> list[Party]:
    created = []
    for data in rows:
        party = Party(org=org, **{k: v for k, v in data.items() if k in PARTY_FIELDS})
        party.full_clean(exclude=["org"])
        _check_unique_uscc(party)
        party.save()
        created.append(party)
    return created

"""Audit service: append hash-chained events (SM3) and verify the chain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent


def sm3_hex(data: bytes) -> str:
    """SM3 digest (GB/T 32905) as hex, via `cryptography`."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def _canonical(row: dict[str, Any]) -> bytes:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":")).encode()


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "org": event.org_id_ref,
        "event": event.event,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "result": event.result,
        "source_ip": event.source_ip,
        "detail": event.detail,
    }


def client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:64]


def _mask_detail(detail: dict[str, Any]) -> dict[str, Any]:
    from rouxing.core.masking import mask_text

    return json.loads(mask_text(json.dumps(detail, ensure_ascii=False, default=str)))


def audit_record(
    *,
    event: str,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    org_id: int | None = None,
    result: str = "success",
    request=None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event to the chain. Personal numbers in `detail` are masked first."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or obj.pk
        org_id = org_id if org_id is not None else getattr(obj, "org_id", None)
    user = actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if org_id is None and user is not None:
        org_id = getattr(user, "org_id", None)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        now = timezone.now()
        row = AuditEvent(
            # Millisecond precision: dumpdata/loaddata (backup, restore) keep no more, and the digest covers `at`.
            at=now.replace(microsecond=now.microsecond // 1000 * 1000),
            actor=user,
            actor_name=(user.get_username() if user else (actor if isinstance(actor, str) else "")),
            org_id_ref=org_id,
            event=event,
            object_type=object_type,
            object_id=str(object_id),
            result=result,
            source_ip=client_ip(request),
            detail=_mask_detail(detail or {}),
            prev_digest=head.digest,
        )
        row.digest = sm3_hex(head.digest.encode() + _canonical(_payload(row)))
        row.save()
        head.digest = row.digest
        head.save(update_fields=["digest"])
    return row


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify() -> ChainReport:
    """Recompute the chain from the first row; report the first row that does not match."""
    prev = "0" * 64
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator():
        count += 1
        if event.prev_digest != prev:
            return ChainReport(count, event.pk, "前一摘要不连续（有记录被删除或插入）")
        expected = sm3_hex(prev.encode() + _canonical(_payload(event)))
        if expected != event.digest:
            return ChainReport(count, event.pk, "记录内容与摘要不符（记录被修改）")
        prev = event.digest
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and count and head.digest != prev:
        return ChainReport(count, -1, "链尾记录缺失（末尾记录被删除）")
    return ChainReport(count, None)

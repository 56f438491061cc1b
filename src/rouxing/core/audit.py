"""Audit service: append keyed, hash-chained events (HMAC-SM3), anchor the chain, and verify it.

Each row's digest is HMAC-SM3(key, previous digest + canonical JSON of the row); the key is kept
outside the database (core.secrets), so whoever can write SQL cannot recompute a valid chain. The
chain head (count, digest, keyed) is updated on every append; an AuditAnchor row (append-only, keyed)
is written on every AUDIT_ANCHOR_INTERVAL-th append and, after commit, the same anchor is appended
to the anchor file (AUDIT_ANCHOR_FILE, meant for append-only storage). `audit_verify` fails on a
changed, deleted or inserted row, a chain recomputed without the key, a chain recomputed with the key
(the anchors no longer match) and on a shortened or emptied log.
"""

from __future__ import annotations

import hmac as std_hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditAnchor, AuditChainHead, AuditEvent
from .secrets import secret_key

GENESIS = "0" * 64
MAC_ALGORITHM = "HMAC-SM3"


def sm3_hex(data: bytes) -> str:
    """SM3 digest (GB/T 32905) as hex, via `cryptography` (the unkeyed chain of rows before 0004)."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    """HMAC-SM3 (GB/T 15852.2 with the SM3 hash) as hex."""
    mac = crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def audit_key() -> bytes:
    return secret_key("audit")


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


def row_digest(key: bytes, prev: str, event: AuditEvent) -> str:
    return hmac_sm3_hex(key, prev.encode() + _canonical(_payload(event)))


def head_mac(key: bytes, count: int, digest: str) -> str:
    return hmac_sm3_hex(key, f"head|{count}|{digest}".encode())


def anchor_mac(key: bytes, kind: str, count: int, digest: str, at: str) -> str:
    return hmac_sm3_hex(key, f"anchor|{kind}|{count}|{digest}|{at}".encode())


def client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:64]


def _mask_detail(detail: dict[str, Any]) -> dict[str, Any]:
    from rouxing.core.masking import mask_text

    return json.loads(mask_text(json.dumps(detail, ensure_ascii=False, default=str)))


# --- anchors ---------------------------------------------------------------------------------------


def anchor_file() -> Path | None:
    value = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    return Path(value) if value else None


def _append_line(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line (O_APPEND, fsync); the file is never rewritten by the application."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (json.dumps(record, sort_keys=True) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _file_record(anchor: AuditAnchor, *, reset: bool = False) -> dict[str, Any]:
    record = {"kind": anchor.kind, "count": anchor.count, "digest": anchor.digest, "at": anchor.at.isoformat(),
              "mac": anchor.mac}
    if reset:
        record["reset"] = True
    return record


def write_anchor(head: AuditChainHead, kind: str = AuditAnchor.Kind.PERIODIC, *, key: bytes | None = None,
                 reset: bool = False) -> AuditAnchor:
    """Append an anchor of `head` to the table now and to the anchor file once the transaction commits."""
    key = key or audit_key()
    now = timezone.now()
    at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    anchor = AuditAnchor.objects.create(
        at=at, kind=kind, count=head.count, digest=head.digest,
        mac=anchor_mac(key, kind, head.count, head.digest, at.isoformat()),
    )
    path = anchor_file()
    if path is not None:
        record = _file_record(anchor, reset=reset)
        if reset:
            _append_line(path, record)  # after a committed restore: the file must know at once
        else:
            transaction.on_commit(lambda: _append_line(path, record))
    return anchor


def anchor_now(kind: str = AuditAnchor.Kind.MANUAL, *, reset: bool = False) -> AuditAnchor:
    """Anchor the current chain head (`rouxing audit-anchor`; after a committed restore with reset=True,
    which tells the anchor file that the shorter restored chain replaces what it had seen)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        return write_anchor(head, kind, reset=reset)


# --- append ----------------------------------------------------------------------------------------


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
    key = audit_key()
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
        row.digest = row_digest(key, head.digest, row)
        row.save()
        head.digest = row.digest
        head.count += 1
        head.mac = head_mac(key, head.count, head.digest)
        head.save(update_fields=["digest", "count", "mac"])
        interval = max(int(getattr(settings, "AUDIT_ANCHOR_INTERVAL", 1)), 1)
        if head.count % interval == 0:
            write_anchor(head, key=key)
    return row


# --- verify ----------------------------------------------------------------------------------------


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""
    anchors: int = 0

    @property
    def ok(self) -> bool:
        return self.broken_at is None


class _Broken(Exception):
    def __init__(self, reason: str, at: int = -1):
        super().__init__(reason)
        self.reason, self.at = reason, at


def _file_anchors(key: bytes) -> list[dict[str, Any]]:
    """Anchors of the anchor file since its last reset marker (a restore), each MAC-checked."""
    path = anchor_file()
    if path is None or not path.exists():
        return []
    records: list[dict[str, Any]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            expected = anchor_mac(key, record["kind"], int(record["count"]), record["digest"], record["at"])
        except (ValueError, KeyError, TypeError) as exc:
            raise _Broken(f"锚点文件第{number}行格式错误（锚点文件被改动）") from exc
        if not std_hmac.compare_digest(expected, str(record.get("mac", ""))):
            raise _Broken(f"锚点文件第{number}行校验码不符（锚点被伪造）")
        if record.get("reset"):
            records = []
        records.append(record)
    return records


def _anchors(key: bytes) -> tuple[dict[int, str], int]:
    """Expected digest by row count from the anchor table and the anchor file; also the legacy end."""
    expected: dict[int, str] = {}
    legacy_end = 0
    sources: list[tuple[str, int, str]] = []
    for anchor in AuditAnchor.objects.order_by("id"):
        mac = anchor_mac(key, anchor.kind, anchor.count, anchor.digest, anchor.at.isoformat())
        if not std_hmac.compare_digest(mac, anchor.mac):
            raise _Broken(f"审计锚点#{anchor.pk}校验码不符（锚点被伪造或修改）")
        if anchor.kind == AuditAnchor.Kind.LEGACY:
            legacy_end = max(legacy_end, anchor.count)
        sources.append(("锚点表", anchor.count, anchor.digest))
    for record in _file_anchors(key):
        sources.append(("锚点文件", int(record["count"]), record["digest"]))
    for where, count, digest in sources:
        if expected.setdefault(count, digest) != digest:
            raise _Broken(f"{where}中第{count}条处的链摘要前后矛盾（审计链被重算）")
    return expected, legacy_end


def _check_rows(key: bytes, anchors: dict[int, str], legacy_end: int) -> tuple[int, str]:
    """Walk the rows in order; return (count, last digest) or raise _Broken at the first bad row."""
    prev = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator():
        count += 1
        if event.prev_digest != prev:
            raise _Broken("前一摘要不连续（有记录被删除或插入）", event.pk)
        if count <= legacy_end:
            expected = sm3_hex(prev.encode() + _canonical(_payload(event)))
        else:
            expected = row_digest(key, prev, event)
        if not std_hmac.compare_digest(expected, event.digest):
            raise _Broken("记录内容与校验码不符（记录被修改或哈希链被重算）", event.pk)
        if count in anchors and anchors[count] != event.digest:
            raise _Broken(f"与第{count}条处的锚点不符（审计链被重算）", event.pk)
        prev = event.digest
    return count, prev


def _check_tail(key: bytes, anchors: dict[int, str], count: int, last: str) -> None:
    """The log must be as long as every anchor and the keyed chain head say."""
    if anchors and max(anchors) > count:
        raise _Broken(f"锚点记载至少{max(anchors)}条记录，现仅{count}条（日志被截短或清空）")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if count:
            raise _Broken("审计链头缺失")
    elif head.count or head.digest != GENESIS:
        if not std_hmac.compare_digest(head_mac(key, head.count, head.digest), head.mac):
            raise _Broken("审计链头校验码不符（链头被改动）")
        if head.count != count or head.digest != last:
            raise _Broken(f"链头记载{head.count}条记录，现有{count}条（末尾记录被删除）")
    elif count:
        raise _Broken("审计链头被重置（日志被截短或清空）")


def audit_verify() -> ChainReport:
    """Recompute the chain from the first row and compare it with the head and every anchor."""
    key = audit_key()
    anchors: dict[int, str] = {}
    count = 0
    try:
        anchors, legacy_end = _anchors(key)
        count, last = _check_rows(key, anchors, legacy_end)
        _check_tail(key, anchors, count, last)
    except _Broken as broken:
        checked = AuditEvent.objects.filter(pk__lte=broken.at).count() if broken.at > 0 else count
        return ChainReport(checked, broken.at, broken.reason, len(anchors))
    return ChainReport(count, None, anchors=len(anchors))

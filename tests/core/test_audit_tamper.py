"""Audit log tamper tests (等保 安全审计): the database refuses UPDATE/DELETE on the audit tables, and
`rouxing audit-verify` detects every rewrite an attacker with the database owner's rights can make:
a changed row, a deleted row, a truncated tail, an emptied log, a chain recomputed without the key
and one recomputed with the key. Run on SQLite and (DATABASE_URL set) on PostgreSQL.

"The attacker" below first drops the append-only triggers (`suspended_triggers`), as the owner of
the tables could; on PostgreSQL with the separate owner role the application role cannot even do that
(docs/security.md, tests/core/test_audit_pg_roles.py).
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from rouxing.core.audit import (
    GENESIS,
    _canonical,
    _payload,
    audit_record,
    audit_verify,
    hmac_sm3_hex,
    sm3_hex,
)
from rouxing.core.audit_db import installed_triggers, suspended_triggers
from rouxing.core.models import AuditAnchor, AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchored(settings, tmp_path, django_capture_on_commit_callbacks):
    """Anchor file on; returns a function that appends n events with the on-commit file anchors written."""
    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")

    def append(n: int, prefix: str = "test.tamper") -> list[AuditEvent]:
        with django_capture_on_commit_callbacks(execute=True):
            return [audit_record(event=f"{prefix}.{i}", detail={"i": i}) for i in range(n)]

    append.path = tmp_path / "audit-anchors.log"  # type: ignore[attr-defined]
    return append


def _sql(statement: str, params: list | None = None) -> None:
    """Run SQL as the tables' owner would: with the append-only triggers dropped."""
    with transaction.atomic(), suspended_triggers(connection), connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _verify_fails(*fragments: str) -> str:
    with pytest.raises(CommandError) as info:
        call_command("audit_verify")
    assert info.value.returncode == 1
    message = str(info.value)
    assert message.startswith("审计日志校验失败"), message
    for fragment in fragments:
        assert fragment in message, message
    return message


def _recompute_from(row: AuditEvent, digest_of) -> None:
    """Rewrite the chain from `row` on, each digest computed by `digest_of(prev, event)`."""
    prev = row.prev_digest
    last = None
    for event in AuditEvent.objects.filter(id__gte=row.pk).order_by("id"):
        event.prev_digest = prev
        event.digest = digest_of(prev, event)
        _sql("UPDATE core_auditevent SET prev_digest = %s, digest = %s WHERE id = %s",
             [event.prev_digest, event.digest, event.pk])
        prev, last = event.digest, event
    assert last is not None
    return prev


# --- the database itself refuses rewrites ---------------------------------------------------------


def test_the_append_only_triggers_are_installed():
    names = installed_triggers(connection)
    assert any(n.startswith("core_auditevent") for n in names)
    assert any(n.startswith("core_auditanchor") for n in names)


@pytest.mark.parametrize("statement", [
    "UPDATE core_auditevent SET result = 'failure' WHERE id = %s",
    "DELETE FROM core_auditevent WHERE id = %s",
    "DELETE FROM core_auditevent WHERE id >= %s",
])
def test_update_and_delete_of_audit_rows_are_refused_by_the_database(statement):
    row = audit_record(event="test.trigger", detail={"n": 1})
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [row.pk])
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.get(pk=row.pk).result == "success"
    assert audit_verify().ok


def test_update_and_delete_of_anchors_are_refused_by_the_database():
    audit_record(event="test.trigger_anchor")
    anchor = AuditAnchor.objects.order_by("-id").first()
    assert anchor is not None
    for statement in ("UPDATE core_auditanchor SET count = 0 WHERE id = %s",
                      "DELETE FROM core_auditanchor WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [anchor.pk])
    assert AuditAnchor.objects.get(pk=anchor.pk).count == anchor.count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_of_the_audit_table_is_refused_on_postgresql():
    audit_record(event="test.truncate")
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks from the insert above
        cursor.execute("TRUNCATE core_auditevent CASCADE")
    assert AuditEvent.objects.count() == before


# --- audit-verify detects what the owner could still do ---------------------------------------------


def test_intact_chain_with_anchor_file_passes(anchored, capsys):
    anchored(3)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "审计日志校验通过" in out
    lines = anchored.path.read_text().splitlines()
    assert len(lines) == 3 and json.loads(lines[-1])["count"] == AuditEvent.objects.count()


def test_a_changed_row_is_detected(anchored):
    rows = anchored(3)
    _sql("UPDATE core_auditevent SET result = 'failure' WHERE id = %s", [rows[1].pk])
    _verify_fails(f"第{rows[1].pk}号记录", "记录内容与校验码不符")


def test_a_deleted_row_is_detected(anchored):
    rows = anchored(3)
    _sql("DELETE FROM core_auditevent WHERE id = %s", [rows[1].pk])
    _verify_fails(f"第{rows[2].pk}号记录", "前一摘要不连续")


def test_a_truncated_tail_is_detected(anchored):
    rows = anchored(4)
    _sql("DELETE FROM core_auditevent WHERE id >= %s", [rows[2].pk])
    _verify_fails("链尾")


def test_a_truncated_tail_with_the_head_reset_to_an_earlier_row_is_detected(anchored):
    rows = anchored(4)
    _sql("DELETE FROM core_auditevent WHERE id >= %s", [rows[2].pk])
    head = AuditChainHead.objects.get(pk=1)
    AuditChainHead.objects.filter(pk=1).update(count=head.count - 2, digest=rows[1].digest)
    _verify_fails("链尾")


def test_a_truncated_tail_with_head_and_anchor_table_rewritten_is_caught_by_the_anchor_file(anchored):
    rows = anchored(4)
    kept = AuditEvent.objects.filter(id__lt=rows[2].pk).count()
    _sql("DELETE FROM core_auditevent WHERE id >= %s", [rows[2].pk])
    _sql("DELETE FROM core_auditanchor WHERE count > %s", [kept])
    # the head copied back from the anchor row that still matches (a MAC the attacker could read)
    AuditChainHead.objects.filter(pk=1).update(count=kept, digest=rows[1].digest)
    _verify_fails("链尾", "日志被截短或清空")


def test_an_emptied_log_is_detected_by_the_anchors(anchored):
    anchored(2)
    _sql("DELETE FROM core_auditevent")
    AuditChainHead.objects.filter(pk=1).update(count=0, digest=GENESIS, mac="")
    message = _verify_fails("链尾", "现仅0条")
    assert "共0条记录" not in message


def test_an_emptied_log_with_every_table_emptied_is_caught_by_the_anchor_file(anchored):
    anchored(2)
    _sql("DELETE FROM core_auditevent")
    _sql("DELETE FROM core_auditanchor")
    AuditChainHead.objects.all().delete()
    _verify_fails("现仅0条")


def test_a_chain_recomputed_without_the_key_is_detected(anchored):
    rows = anchored(3)
    _sql("UPDATE core_auditevent SET result = 'failure' WHERE id = %s", [rows[0].pk])
    rows[0].refresh_from_db()
    # the old unkeyed SM3 chain, as the attacker of the issue recomputed it
    _recompute_from(rows[0], lambda prev, event: sm3_hex(prev.encode() + _canonical(_payload(event))))
    _verify_fails(f"第{rows[0].pk}号记录", "记录内容与校验码不符")


def test_a_chain_recomputed_with_a_guessed_key_is_detected(anchored):
    rows = anchored(3)
    _sql("UPDATE core_auditevent SET result = 'failure' WHERE id = %s", [rows[0].pk])
    rows[0].refresh_from_db()
    _recompute_from(rows[0], lambda prev, event: hmac_sm3_hex(b"guessed-key" * 4,
                                                                prev.encode() + _canonical(_payload(event))))
    _verify_fails(f"第{rows[0].pk}号记录", "记录内容与校验码不符")


def test_a_chain_recomputed_with_the_stolen_key_is_caught_by_the_anchors(anchored, settings):
    rows = anchored(3)
    from rouxing.core.audit import audit_key, head_mac, row_digest

    key = audit_key()
    _sql("UPDATE core_auditevent SET result = 'failure' WHERE id = %s", [rows[0].pk])
    rows[0].refresh_from_db()
    last = _recompute_from(rows[0], lambda prev, event: row_digest(key, prev, event))
    count = AuditEvent.objects.count()
    AuditChainHead.objects.filter(pk=1).update(digest=last, mac=head_mac(key, count, last))
    _verify_fails(f"第{rows[0].pk}号记录", "锚点不符")
    # and with the anchor table emptied as well, the anchor file still holds the true digests
    _sql("DELETE FROM core_auditanchor")
    _verify_fails(f"第{rows[0].pk}号记录", "锚点不符")


def test_a_forged_line_in_the_anchor_file_is_detected(anchored):
    anchored(2)
    lines = anchored.path.read_text().splitlines()
    record = json.loads(lines[-1])
    record["count"] += 5
    anchored.path.write_text("\n".join([*lines, json.dumps(record)]) + "\n")
    _verify_fails("锚点文件", "校验码不符")


def test_a_forged_anchor_row_is_detected(anchored):
    anchored(1)
    AuditAnchor.objects.create(at=AuditEvent.objects.last().at, kind="periodic", count=10**6,
                               digest="f" * 64, mac="0" * 64)
    _verify_fails("锚点", "校验码不符")


def test_a_restore_marks_the_anchor_file_so_a_restored_shorter_log_verifies(anchored, tmp_path):
    # given a backup, then more events anchored in the file
    anchored(2, "test.before_backup")
    call_command("backup", str(tmp_path / "bk"))
    anchored(3, "test.after_backup")
    # when the older backup is restored
    with transaction.atomic():
        call_command("restore", str(tmp_path / "bk"), yes=True)
    # then the anchor file carries a reset marker and the restored chain verifies
    last = json.loads(anchored.path.read_text().splitlines()[-1])
    assert last["reset"] is True and last["count"] == AuditEvent.objects.count() - 1
    assert audit_verify().ok
    assert not AuditEvent.objects.filter(event__startswith="test.after_backup").exists()

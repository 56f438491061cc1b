"""`rouxing audit-verify`, `rouxing backup DIR` / `rouxing restore DIR`, and `check --deploy` on prod settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from rouxing.core.audit import audit_record, audit_verify

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_audit_verify_passes_on_an_intact_chain(demo, capsys):
    audit_record(event="test.intact", actor=demo.user("sm_officer1"))
    call_command("audit_verify")
    assert "校验通过" in capsys.readouterr().out


# Tampering by SQL (changed, deleted, truncated, emptied, recomputed): tests/core/test_audit_tamper.py


def test_audit_rows_cannot_be_changed_through_the_orm(demo):
    row = audit_record(event="test.orm", actor=demo.user("sm_officer1"))
    row.result = "failure"
    with pytest.raises(PermissionError):
        row.save()


def test_audit_detail_masks_personal_numbers(demo):
    row = audit_record(event="test.mask", detail={"note": "身份证350421198001011234 电话13912345678"})
    text = json.dumps(row.detail, ensure_ascii=False)
    assert "350421198001011234" not in text and "13912345678" not in text


def _fingerprint() -> dict[str, int]:
    skip = {"sessions.session", "contenttypes.contenttype", "auth.permission", "admin.logentry"}
    return {m._meta.label_lower: m.objects.count() for m in apps.get_models()
            if m._meta.label_lower not in skip and not m._meta.proxy}


def test_backup_and_restore_round_trip_data_and_media(demo, tmp_path, settings):
    # given data, an audit chain and one media file
    media = Path(settings.MEDIA_ROOT) / "evidence" / "photo.jpg"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(b"\xff\xd8 evidence bytes")
    audit_record(event="test.backup", actor=demo.user("sm_officer1"))
    before = _fingerprint()
    # when backed up, then data and media change, and the backup is restored
    call_command("backup", str(tmp_path / "bk"))
    media.unlink()
    party = demo.party("SM-YJJ")
    apps.get_model("parties", "Party").objects.create(org=party.org, name="备份之后新增的企业", uscc="")
    audit_record(event="test.after_backup")
    call_command("restore", str(tmp_path / "bk"), yes=True)
    # then every table is as it was (plus the restore's own audit event and anchor), the media file is
    # back and the audit chain verifies
    after = _fingerprint()
    assert after.pop("core.auditevent") == before.pop("core.auditevent") + 1
    assert after.pop("core.auditanchor") == before.pop("core.auditanchor") + 2
    assert after == before
    assert apps.get_model("core", "AuditEvent").objects.last().event == "system.restore"
    assert not apps.get_model("parties", "Party").objects.filter(name="备份之后新增的企业").exists()
    assert media.read_bytes() == b"\xff\xd8 evidence bytes"
    assert audit_verify().ok
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert "media/evidence/photo.jpg" in manifest["files"]


def test_restore_refuses_a_backup_whose_digest_does_not_match(demo, tmp_path):
    call_command("backup", str(tmp_path / "bk"))
    data = tmp_path / "bk" / "data.json.enc"  # encrypted (core.backup_crypto): flip one ciphertext byte
    raw = bytearray(data.read_bytes())
    raw[40] ^= 0x01
    data.write_bytes(bytes(raw))
    parties_before = apps.get_model("parties", "Party").objects.count()
    with pytest.raises(CommandError, match="解密校验失败"):
        call_command("restore", str(tmp_path / "bk"), yes=True)
    assert apps.get_model("parties", "Party").objects.count() == parties_before


def test_backup_refuses_a_non_empty_directory(demo, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="非空"):
        call_command("backup", str(tmp_path))


def test_prod_settings_pass_check_deploy():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rouxing.config.settings.prod",
           "DJANGO_SECRET_KEY": "prod-" + "k3y-Zq8!x" * 8, "DJANGO_ALLOWED_HOSTS": "rouxing.example.gov.cn",
           "ROUXING_AUDIT_KEY": "prod-audit-" + "a1" * 20, "ROUXING_BACKUP_KEY": "prod-backup-" + "b2" * 20}
    env.pop("DATABASE_URL", None)
    # The browser tests' fixture sets this for the live server; a production process never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

"""Backups encrypted (AES-256-GCM), 0600, with an HMAC-signed manifest; restore refuses a wrong key, a
changed manifest and changed, swapped, truncated or missing files, and changes nothing (core.backup_crypto)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db
KEY = "test-backup-key-" + "fedcba9876543210" * 2


@pytest.fixture
def backup(demo, tmp_path, settings):
    media = Path(settings.MEDIA_ROOT) / "evidence" / "backup-test" / "scan.pdf"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(b"%PDF-1.4 " + b"evidence " * 300_000)  # > 1 MiB: several chunks
    target = tmp_path / "bk"
    call_command("backup", str(target))
    yield target
    media.unlink(missing_ok=True)


def _party_names():
    return sorted(apps.get_model("parties", "Party").objects.values_list("name", flat=True))


def test_files_are_private_and_hold_no_plaintext(backup):
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    stored = [p for p in backup.rglob("*") if p.is_file()]
    assert {p.name for p in stored} >= {"manifest.json", "data.json.enc", "scan.pdf.enc"}
    for path in stored:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in backup.rglob("*"):
        if path.is_dir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    data = (backup / "data.json.enc").read_bytes()
    for secret in ("三明市应急管理局".encode(), b"pbkdf2", b"md5$", b"sm_officer1", b"otp_totp"):
        assert secret not in data
    assert b"evidence evidence" not in (backup / "media" / "evidence" / "backup-test" / "scan.pdf.enc").read_bytes()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["algorithm"] == "AES-256-GCM/HMAC-SHA256" and len(manifest["mac"]) == 64
    assert "media/evidence/backup-test/scan.pdf" in manifest["files"]


def test_round_trip_restores_data_and_media(backup, settings):
    media = Path(settings.MEDIA_ROOT) / "evidence" / "backup-test" / "scan.pdf"
    original = media.read_bytes()
    names = _party_names()
    media.unlink()
    party = apps.get_model("parties", "Party").objects.first()
    apps.get_model("parties", "Party").objects.create(org=party.org, name="备份之后新增的企业")
    call_command("restore", str(backup), yes=True)
    assert _party_names() == names
    assert media.read_bytes() == original


def _refused(backup, match):
    names = _party_names()
    events = apps.get_model("core", "AuditEvent").objects.count()
    with pytest.raises(CommandError, match=match) as info:
        call_command("restore", str(backup), yes=True)
    assert "未作任何恢复" in str(info.value)
    assert _party_names() == names
    assert apps.get_model("core", "AuditEvent").objects.count() == events


def test_wrong_key_is_refused(backup, settings):
    settings.ROUXING_BACKUP_KEY = "another-backup-key-" + "0" * 32
    _refused(backup, "备份密钥不正确")


def test_edited_manifest_is_refused(backup):
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    entry = manifest["files"]["data.json"]
    entry["size"] += 1
    path.write_text(json.dumps(manifest))
    _refused(backup, "签名校验失败")


def test_manifest_without_signature_is_refused(backup):
    path = backup / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["mac"]
    path.write_text(json.dumps(manifest))
    _refused(backup, "未签名")


def test_changed_media_byte_is_refused(backup):
    path = backup / "media" / "evidence" / "backup-test" / "scan.pdf.enc"
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    _refused(backup, "解密校验失败")


def test_truncated_file_is_refused(backup):
    path = backup / "media" / "evidence" / "backup-test" / "scan.pdf.enc"
    raw = path.read_bytes()
    path.write_bytes(raw[: 13 + 1024 * 1024 + 16])  # header and the first chunk only
    _refused(backup, "解密校验失败")


def test_swapped_files_are_refused(backup, tmp_path, settings):
    # a second backup's data file put in place of the first one's (same key, valid on its own)
    apps.get_model("parties", "Party").objects.filter(pk=apps.get_model("parties", "Party").objects.first().pk
                                                        ).update(name="改过的名称")
    call_command("backup", str(tmp_path / "bk2"))
    (backup / "data.json.enc").write_bytes((tmp_path / "bk2" / "data.json.enc").read_bytes())
    _refused(backup, "摘要不符|解密校验失败")


def test_missing_file_is_refused(backup):
    (backup / "media" / "evidence" / "backup-test" / "scan.pdf.enc").unlink()
    _refused(backup, "缺失")


def test_old_plaintext_backup_is_refused(backup):
    path = backup / "manifest.json"
    path.write_text(json.dumps({"created_at": "2026-01-01", "algorithm": "sha256", "files": {"data.json": "0" * 64}}))
    _refused(backup, "未签名或格式不符")

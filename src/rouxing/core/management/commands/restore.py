"""`rouxing restore DIR`: verify the manifest's signature and decrypt and check every file of a backup into a
private staging directory, and only then replace data and media with it. A wrong key, a changed manifest or
a changed, swapped, truncated or missing file is refused with a Chinese message and nothing is changed."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from rouxing.core.audit import anchor_now, audit_record, audit_verify
from rouxing.core.backup_crypto import BackupRefused, decrypt_file, verify_manifest

from .backup import DATA_FILE, MANIFEST


def verify_backup(source: Path, staging: Path) -> dict[str, dict]:
    """Check the manifest's HMAC and decrypt every file into `staging`, checking its tags and digest;
    return the manifest's files. Raise CommandError (Chinese) on the first problem."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise CommandError(f"{source} 中没有 manifest.json，不是有效的备份目录。")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError
    except ValueError as exc:
        raise CommandError("备份清单 manifest.json 无法解析（已损坏或被修改）。未作任何恢复。") from exc
    try:
        verify_manifest(manifest)
        files = manifest.get("files", {})
        if DATA_FILE not in files:
            raise BackupRefused("备份清单中缺少数据文件 data.json。未作任何恢复。")
        root = source.resolve()
        for relative, entry in files.items():
            stored = (source / entry["stored"]).resolve()
            plain = (staging / relative).resolve()
            if root not in stored.parents or staging.resolve() not in plain.parents or not stored.is_file():
                raise BackupRefused(f"备份文件缺失或路径非法：{relative}。未作任何恢复。")
            decrypt_file(stored, plain, relative, sha256=entry["sha256"], size=int(entry["size"]))
    except BackupRefused as exc:
        raise CommandError(str(exc)) from exc
    return files


class Command(BaseCommand):
    help = "从备份目录 DIR 恢复：先校验清单签名并解密校验全部文件，再清空数据库并导入数据与附件。"

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接覆盖当前数据")

    def handle(self, *args, directory: str, yes: bool = False, **options):
        source = Path(directory)
        staging = Path(tempfile.mkdtemp(prefix="rouxing-restore-"))
        try:
            files = verify_backup(source, staging)
            if not yes and options.get("interactive", True):
                answer = input("恢复将清空当前数据库中的全部数据，输入 yes 继续：")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消恢复。")
            self._restore(staging, files)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        report = audit_verify()
        audit_record(event="system.restore", object_type="backup", object_id=source.name[:64],
                     result="success" if report.ok else "failure", detail={"files": len(files)})
        status = "审计链完整" if report.ok else f"警告：审计链校验失败（{report.reason}）"
        self.stdout.write(f"恢复完成：附件{len(files) - 1}个；{status}。")

    @staticmethod
    def _restore(staging: Path, files: dict) -> None:
        postgres = connection.vendor == "postgresql"
        with transaction.atomic():
            if postgres:
                # TRUNCATE refuses tables with pending deferred-constraint checks in this transaction.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("loaddata", str(staging / DATA_FILE), verbosity=0)
        # The restored chain is shorter than what the anchor file has seen: mark the restore there.
        anchor_now(reset=True)
        media_root = Path(settings.MEDIA_ROOT)
        for relative in files:
            if relative.startswith("media/"):
                destination = media_root / relative.removeprefix("media/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(staging / relative, destination)

"""`rouxing restore DIR`: verify every SHA-256 digest of a backup, then replace data and media with it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from rouxing.core.audit import anchor_now, audit_record, audit_verify

from .backup import DATA_FILE, MANIFEST, sha256_file


def verify_backup(source: Path) -> dict[str, str]:
    """Return the manifest's files after checking each digest; raise CommandError on any mismatch."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise CommandError(f"{source} 中没有 manifest.json，不是有效的备份目录。")
    files = json.loads(manifest_path.read_text(encoding="utf-8")).get("files", {})
    if DATA_FILE not in files:
        raise CommandError("备份清单中缺少数据文件 data.json。")
    for relative, expected in files.items():
        path = (source / relative).resolve()
        if source.resolve() not in path.parents or not path.is_file():
            raise CommandError(f"备份文件缺失或路径非法：{relative}")
        if sha256_file(path) != expected:
            raise CommandError(f"备份文件摘要不符（已损坏或被修改）：{relative}。未作任何恢复。")
    return files


class Command(BaseCommand):
    help = "从备份目录 DIR 恢复：先校验全部 SHA-256 摘要，再清空数据库并导入数据与附件。"

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接覆盖当前数据")

    def handle(self, *args, directory: str, yes: bool = False, **options):
        source = Path(directory)
        files = verify_backup(source)
        if not yes and options.get("interactive", True):
            answer = input("恢复将清空当前数据库中的全部数据，输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消恢复。")
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
            call_command("loaddata", str(source / DATA_FILE), verbosity=0)
        # The restored chain is shorter than what the anchor file has seen: mark the restore there.
        anchor_now(reset=True)
        media_root = Path(settings.MEDIA_ROOT)
        for relative in files:
            if relative.startswith("media/"):
                destination = media_root / relative.removeprefix("media/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / relative, destination)
        report = audit_verify()
        audit_record(event="system.restore", object_type="backup", object_id=source.name[:64],
                     result="success" if report.ok else "failure", detail={"files": len(files)})
        status = "审计链完整" if report.ok else f"警告：审计链校验失败（{report.reason}）"
        self.stdout.write(f"恢复完成：附件{len(files) - 1}个；{status}。")

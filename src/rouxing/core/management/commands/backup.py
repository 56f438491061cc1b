"""`rouxing backup DIR`: all application data (dumpdata, the admin log included) plus media files, each
encrypted with AES-256-GCM, every file and directory readable by the owner only (0600/0700), with a manifest
of plaintext SHA-256 digests signed with HMAC-SHA256 (core.backup_crypto; key ROUXING_BACKUP_KEY[_FILE])."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rouxing.core.backup_crypto import encrypt_file, sign_manifest

# Rebuilt by migrate; dumping them makes loaddata clash with the rows migrate created.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
DATA_FILE = "data.json"
MANIFEST = "manifest.json"
SUFFIX = ".enc"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_name(relative: str) -> str:
    return relative + SUFFIX


class Command(BaseCommand):
    help = "备份全部业务数据与附件到目录 DIR：逐个文件 AES-256-GCM 加密（权限0600），清单 manifest.json 带 HMAC 签名。"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory: str, **options):
        target = Path(directory)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"备份目录 {target} 非空，请指定新的空目录。")
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(target, 0o700)
        files: dict[str, dict] = {}
        staging = Path(tempfile.mkdtemp(prefix="rouxing-backup-"))  # 0700: the plaintext dump never leaves it
        try:
            dump = staging / DATA_FILE
            call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, indent=None, output=str(dump),
                         verbosity=0)
            self._add(files, dump, DATA_FILE, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            for source in sorted(p for p in media_root.rglob("*") if p.is_file()):
                self._add(files, source, f"media/{source.relative_to(media_root).as_posix()}", target)
        manifest = sign_manifest({"created_at": timezone.now().isoformat(), "files": files})
        fd = os.open(target / MANIFEST, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2)
        self.stdout.write(f"备份完成：{target}（数据文件1个，附件{len(files) - 1}个；已加密并签名）。")

    @staticmethod
    def _add(files: dict, source: Path, relative: str, target: Path) -> None:
        stored = stored_name(relative)
        destination = target / stored
        for parent in reversed(destination.relative_to(target).parents):
            (target / parent).mkdir(exist_ok=True, mode=0o700)
        sha256, size = encrypt_file(source, destination, relative)
        files[relative] = {"sha256": sha256, "size": size, "stored": stored}

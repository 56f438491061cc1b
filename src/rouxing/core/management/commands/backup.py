"""`rouxing backup DIR`: all application data (dumpdata) plus media files, with a SHA-256 manifest."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

# Rebuilt by migrate; dumping them makes loaddata clash with the rows migrate created.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
DATA_FILE = "data.json"
MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "备份全部业务数据与附件到目录 DIR，并写入 SHA-256 摘要清单 manifest.json。"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory: str, **options):
        target = Path(directory)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"备份目录 {target} 非空，请指定新的空目录。")
        target.mkdir(parents=True, exist_ok=True)
        data_path = target / DATA_FILE
        call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, indent=None, output=str(data_path),
                     verbosity=0)
        files = {DATA_FILE: sha256_file(data_path)}
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            for source in sorted(p for p in media_root.rglob("*") if p.is_file()):
                relative = source.relative_to(media_root).as_posix()
                destination = target / "media" / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination)
                files[f"media/{relative}"] = sha256_file(destination)
        manifest = {"created_at": timezone.now().isoformat(), "algorithm": "sha256", "files": files}
        (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        self.stdout.write(f"备份完成：{target}（数据文件1个，附件{len(files) - 1}个）。")

"""`rouxing serve --production [ADDR:PORT]`: the WSGI app on gunicorn (workers and threads from settings).

The process is replaced by gunicorn (exec), so systemd's signals reach the server directly. Static files
are served by whitenoise from STATIC_ROOT (run `rouxing collectstatic --noinput` at install and upgrade).
Behind nginx, X-Forwarded-Proto is trusted from the addresses in ROUXING_FORWARDED_ALLOW_IPS (default
loopback).
"""

from __future__ import annotations

import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def gunicorn_argv(bind: str) -> list[str]:
    """The gunicorn command line for `bind` (tested without starting the server)."""
    return [
        sys.executable, "-m", "gunicorn", "rouxing.config.wsgi:application",
        "--bind", bind,
        "--workers", str(settings.ROUXING_WEB_WORKERS),
        "--threads", str(settings.ROUXING_WEB_THREADS),
        "--timeout", str(settings.ROUXING_WEB_TIMEOUT),
        "--graceful-timeout", "30",
        "--forwarded-allow-ips", os.environ.get("ROUXING_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "--access-logfile", "-",
        "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',  # no query strings: they may hold IDs
        "--worker-tmp-dir", "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
    ]


class Command(BaseCommand):
    help = "以生产服务器（gunicorn）运行 Web 服务。"

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        if shutil.which("gunicorn") is None and not _importable("gunicorn"):
            raise CommandError("未安装 gunicorn：请执行 pip install -e . 重新安装依赖。")
        argv = gunicorn_argv(addrport)
        self.stdout.write(f"柔性执法平台（生产模式）：http://{addrport}  workers={settings.ROUXING_WEB_WORKERS} "
                          f"threads={settings.ROUXING_WEB_THREADS}")
        sys.stdout.flush()
        os.execv(argv[0], argv)


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None

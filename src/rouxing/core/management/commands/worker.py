"""`rouxing worker [--batch] [--max-tasks N] [--interval S]`: the task worker (django-tasks, database backend).

Runs every queue (`default`, `pdf`): PDF conversion of issued documents and the other background work.
Under systemd it runs as `rouxing-worker.service` (docs/deploy.md); `--batch` processes what is queued and
exits (tests, one-off catch-up).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "运行后台任务进程（PDF 转换等）。--batch：处理完当前队列后退出。"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="处理完队列中的任务后退出")
        parser.add_argument("--max-tasks", type=int, default=None, help="最多执行的任务数")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时的轮询间隔（秒）")

    def handle(self, *args, batch: bool, max_tasks: int | None, interval: float, **options):
        kwargs = {"queue_name": "*", "interval": interval, "reload": False, "startup_delay": False}
        if batch:
            kwargs["batch"] = True
        if max_tasks is not None:
            kwargs["max_tasks"] = max_tasks
        call_command("db_worker", verbosity=options.get("verbosity", 1), **kwargs)

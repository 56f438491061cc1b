"""`rouxing schedule [--once] [--interval S]`: the daily jobs (定时任务) of every app (core.schedule).

Without `--once` it loops: every `--interval` seconds (default 300) it runs the jobs not yet run today, so
a job runs once a day shortly after midnight (Asia/Shanghai) and a failed job is retried on the next pass.
`--once` runs today's due jobs and exits (for a systemd timer instead of the loop).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from rouxing.core import schedule


class Command(BaseCommand):
    help = "运行定时任务（每日一次：节假日安排提醒、补生成 PDF、清理任务记录等）。--once：运行一次后退出。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="运行今日尚未运行的任务后退出")
        parser.add_argument("--interval", type=float, default=300.0, help="循环模式下的检查间隔（秒）")

    def handle(self, *args, once: bool, interval: float, **options):
        while True:
            for name, ok, summary in schedule.run_due():
                self.stdout.write(f"{'完成' if ok else '失败'} {name}：{summary}")
            if once:
                return
            time.sleep(interval)

"""`rouxing init`: migrate, load demo data (SQLite default), the demo enforcement work, print the demo logins."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rouxing.demo.seed import load_demo


class Command(BaseCommand):
    help = "初始化：迁移数据库、载入演示数据和演示执法业务并打印演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")
        parser.add_argument("--no-demo-cases", action="store_true",
                            help="不载入演示执法业务（检查、问题、措施、案件、文书、计划）")

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".prod"):
            raise CommandError("生产环境请使用 migrate 并由管理员创建账号，不能载入演示数据。")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        load_demo()
        if not options["no_demo_cases"]:
            from django.core.exceptions import ValidationError

            from rouxing.demo.cases import load_demo_cases, summary_line

            try:
                self.stdout.write(summary_line(load_demo_cases()))
            except ValidationError as exc:  # e.g. a year the working-day calendar does not know yet
                self.stderr.write(f"演示执法数据未能完整载入（{'；'.join(exc.messages)}），其余初始化已完成。")
        if options["quiet_logins"]:
            return
        creds = Path(settings.VAR_DIR) / "demo-credentials.txt"
        self.stdout.write(f"演示账号（仅用于本机演示，密码随机生成，保存在 {creds}）：")
        if creds.exists():
            for line in creds.read_text(encoding="utf-8").splitlines():
                username, password, label = line.split("\t")
                self.stdout.write(f"  {username:<14} {password:<16} {label}")

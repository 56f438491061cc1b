"""`rouxing audit-anchor`: anchor the current audit chain head now (for cron when AUDIT_ANCHOR_INTERVAL > 1)."""

from django.core.management.base import BaseCommand

from rouxing.core.audit import anchor_now


class Command(BaseCommand):
    help = "把当前审计链头（记录数与链摘要）写入只追加的审计锚点表和锚点文件。"

    def handle(self, *args, **options):
        anchor = anchor_now()
        self.stdout.write(f"已写入审计锚点：第{anchor.count}条，链摘要{anchor.digest[:16]}…。")

"""`rouxing audit-verify`: recompute the keyed audit chain (HMAC-SM3) against its head and anchors; exit 1
with a Chinese message when broken."""

from django.core.management.base import BaseCommand, CommandError

from rouxing.core.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链（HMAC-SM3）及其锚点：发现被修改、删除、插入、重算的记录或被截短、清空的日志时以状态码1退出。"

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            where = "链尾" if report.broken_at == -1 else f"第{report.broken_at}号记录"
            raise CommandError(f"审计日志校验失败：{where}，{report.reason}。已校验{report.checked}条。", returncode=1)
        self.stdout.write(f"审计日志校验通过：共{report.checked}条记录，哈希链完整，与{report.anchors}个锚点一致。")

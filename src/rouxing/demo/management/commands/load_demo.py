"""Load the demo data set (never in production settings)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rouxing.demo.seed import load_demo


class Command(BaseCommand):
    help = "载入演示数据（三明、明溪、昌吉的机关、人员、企业和清单）"

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".prod"):
            raise CommandError("生产环境不能载入演示数据。")
        result = load_demo()
        self.stdout.write(f"演示数据：新建用户 {len(result['users'])} 个，企业/个人 {result['parties']} 个，"
                          f"清单版本 {result['versions']} 个。")

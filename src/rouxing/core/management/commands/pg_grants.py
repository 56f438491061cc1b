"""`rouxing pg-grants ROLE [--execute]`: the grants of the application role (separate-owner set-up).

Run as the owner role after every `migrate`. Without --execute the SQL is printed (for psql).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from rouxing.core.pg_roles import app_role_grants


class Command(BaseCommand):
    help = "输出（或以 --execute 执行）应用数据库角色的授权语句：审计表仅 INSERT/SELECT。须由表的属主角色执行。"

    def add_arguments(self, parser):
        parser.add_argument("role")
        parser.add_argument("--execute", action="store_true", help="直接在当前数据库执行（当前连接须为属主角色）")

    def handle(self, *args, role: str, execute: bool = False, **options):
        try:
            statements = app_role_grants(role)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not execute:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("pg-grants 仅适用于 PostgreSQL 数据库。")
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(f"已为角色 {role} 授权：审计表仅可 INSERT/SELECT。")

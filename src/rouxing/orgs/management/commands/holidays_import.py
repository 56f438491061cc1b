"""`rouxing holidays-import FILE.csv [--complete NOTICE] [--source TEXT] [--as USER]` and `--export`.

Enters the State Council 节假日安排 (columns 日期, 类型 放假/上班, 名称) all-or-nothing: one bad row and
nothing is written; every bad row is reported in Chinese. `--complete "国办发明电〔…〕"` marks each year
in the file as entered in full. `--export FILE.csv [--year Y]` writes the entered days in the same format.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rouxing.core.holidays import holiday_calendar_export, holiday_calendar_import, parse_holiday_csv


class Command(BaseCommand):
    help = "导入（或用 --export 导出）国务院办公厅公布的节假日安排 CSV（列：日期,类型(放假/上班),名称）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径（UTF-8）")
        parser.add_argument("--complete", metavar="NOTICE", default=None,
                            help="发布文件文号，如“国办发明电〔2026〕X号”；给出时把文件涉及的年度标记为已完整录入")
        parser.add_argument("--source", default="", help="写入每条记录的依据文件（默认取 --complete 的文号）")
        parser.add_argument("--as", dest="username", default="sysadmin", help="记为录入人的系统管理员账号")
        parser.add_argument("--export", action="store_true", help="导出已录入的节假日安排到 FILE")
        parser.add_argument("--year", type=int, default=None, help="导出时只导出该年度")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if options["export"]:
            path.write_text(holiday_calendar_export(year=options["year"]), encoding="utf-8-sig")
            self.stdout.write(f"已导出到 {path}。")
            return
        user = self._user(options["username"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}：请确认文件存在且为 UTF-8 编码的 CSV。") from exc
        complete = options["complete"]
        if complete is not None and not complete.strip():
            raise CommandError("--complete 需要填写发布文件文号。")
        try:
            result = holiday_calendar_import(user=user, rows=parse_holiday_csv(text), source=options["source"],
                                             complete_notice=complete)
        except ValidationError as exc:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(exc.messages)) from exc
        years = "、".join(str(y) for y in result.years)
        marked = f"，{years}年已标记为完整录入" if complete else ""
        self.stdout.write(f"导入成功：新增{result.created}条，更新{result.updated}条（{years}年）{marked}。")

    @staticmethod
    def _user(username: str):
        from rouxing.orgs.models import Role, User

        user = User.objects.filter(username=username, is_active=True).first()
        if user is None or user.role != Role.SYSADMIN:
            raise CommandError(f"账号“{username}”不是启用的系统管理员，不能录入节假日安排（用 --as 指定）。")
        return user

"""`rouxing regenerate-pdfs [--inline] [--limit N]`: make the PDF of every issued document that lacks one."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from rouxing.core.office import NOT_INSTALLED_MESSAGE, soffice_path
from rouxing.documents.services import documents_missing_pdf, regenerate_missing_pdfs


class Command(BaseCommand):
    help = "为缺少 PDF 的已签发文书生成 PDF（默认交给后台任务 rouxing worker；--inline 在本进程内直接转换）。"

    def add_arguments(self, parser):
        parser.add_argument("--inline", action="store_true", help="在本进程内直接转换，不经后台任务")
        parser.add_argument("--limit", type=int, default=None, help="最多处理的文书份数")

    def handle(self, *args, inline: bool, limit: int | None, **options):
        missing = documents_missing_pdf().count()
        if inline and soffice_path() is None:
            self.stderr.write(NOT_INSTALLED_MESSAGE)
            return
        done = regenerate_missing_pdfs(inline=inline, limit=limit)
        verb = "已生成" if inline else "已排队生成"
        self.stdout.write(f"缺少 PDF 的已签发文书 {missing} 份，{verb} {done} 份。")

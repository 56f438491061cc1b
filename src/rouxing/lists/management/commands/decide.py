"""`rouxing decide FILE.json` (or `-` for standard input): print the decision JSON of the contract.

Bad input (unreadable file, invalid JSON, unknown bureau/violation, malformed value) prints a
Chinese message naming the field on standard error and exits with status 2; nothing is stored.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "按裁量契约计算处理结果（输入JSON文件，- 表示标准输入），输出决定JSON"

    def add_arguments(self, parser):
        parser.add_argument("file", help="事实JSON文件路径，- 表示标准输入")

    def handle(self, *args, **options):
        from rouxing.engine import EngineError
        from rouxing.lists.decisions import evaluate

        try:
            if options["file"] == "-":
                raw = sys.stdin.read()
            else:
                with open(options["file"], encoding="utf-8") as fh:
                    raw = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"无法读取输入文件：{getattr(exc, 'strerror', None) or '编码须为UTF-8'}")
        try:
            facts = json.loads(raw)
        except ValueError as exc:
            self._fail(f"输入不是有效的JSON：第{exc.lineno}行第{exc.colno}列附近有误。")
        if not isinstance(facts, dict):
            self._fail("输入须为JSON对象。")
        try:
            decision = evaluate(facts)
        except EngineError as exc:
            self._fail(str(exc))
        self.stdout.write(json.dumps(decision, ensure_ascii=False, indent=2))

    def _fail(self, message: str) -> None:
        sys.stderr.write(f"错误：{message}\n")
        sys.exit(2)

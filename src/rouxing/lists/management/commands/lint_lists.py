"""`rouxing lint-lists`: check list versions for defects (清单检查) and print a Chinese report.

Exit status 1 when any version has an error (missing basis, conditions that never hold, items emptied by a
scope exclusion, overlapping or conflicting items); 0 otherwise. Warnings alone do not fail.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "检查清单版本的缺陷（依据缺失、条件矛盾、范围排除致事项落空、事项重叠或冲突），有错误时退出码为1"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="只检查该机关（名称或代码）的清单版本")
        parser.add_argument("--label", help="只检查该版本号")
        parser.add_argument("--include-superseded", action="store_true", help="也检查已被替代的历史版本")

    def handle(self, *args, **options):
        from django.db.models import Q

        from rouxing.lists.linting import lint_version, report
        from rouxing.lists.models import ListVersion

        versions = ListVersion.objects.select_related("org").order_by("org__code", "effective_from", "label")
        if options.get("org"):
            versions = versions.filter(Q(org__code=options["org"]) | Q(org__name=options["org"]))
        if options.get("label"):
            versions = versions.filter(label=options["label"])
        if not options.get("include_superseded"):
            versions = versions.exclude(status=ListVersion.Status.SUPERSEDED)
        failed = 0
        checked = 0
        for version in versions:
            checked += 1
            findings = lint_version(version)
            if any(f.is_error for f in findings):
                failed += 1
            self.stdout.write(report(findings, f"{version.org.name} 清单版本{version.label}（{version.get_status_display()}）"))
        if not checked:
            self.stdout.write("没有符合条件的清单版本。")
        self.stdout.write(f"共检查{checked}个清单版本，{failed}个有错误。")
        if failed:
            sys.exit(1)

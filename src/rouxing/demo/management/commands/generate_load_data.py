"""`rouxing generate-load-data --bureaus 100 --cases 100000`: a province's worth of data for the load bench.

It needs the demo data (`rouxing init`) and copies its records: each new bureau (LOAD-001 …, 压测001县应急管理局)
gets officers, an approver and parties cloned from 三明's, and its share of `--cases` inspections, each with
one finding cloned from a demo finding (violation, facts, engine decision, outcome, dates moved into the last
twelve months) and, for half of them, the flexible measure of that finding. The rows are written with
bulk inserts — the same columns the services write, without re-running the engine per row — and nothing is
audited (this is bench data, never production data: the command refuses the production settings).
Bureaus already present are skipped, so the command can be re-run to top up.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

BATCH = 2000


class Command(BaseCommand):
    help = "生成省级规模的压测数据（需先执行 rouxing init 载入演示数据；生产环境拒绝执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--bureaus", type=int, default=100)
        parser.add_argument("--cases", type=int, default=100000, help="检查记录总数（每条含一个问题）")
        parser.add_argument("--parties", type=int, default=60, help="每个机关的行政相对人数")
        parser.add_argument("--password", default="Load-Pass-2024", help="压测账号的密码")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, bureaus: int, cases: int, parties: int, password: str, seed: int, **options):
        if settings.SETTINGS_MODULE.endswith(".prod"):
            raise CommandError("生产环境不能生成压测数据。")
        from rouxing.cases.models import Finding, FlexibleMeasure
        from rouxing.orgs.models import Org, Role
        from rouxing.parties.models import Party

        home = Org.objects.filter(code="SM-YJJ").first()
        party_templates = list(Party.objects.filter(org=home).order_by("pk"))
        if home is None or not party_templates:
            raise CommandError("未找到演示数据：请先执行 rouxing init。")
        templates = list(Finding.objects.filter(org=home, decided_on__isnull=False).select_related("inspection"))
        measures = {m.finding_id: m for m in FlexibleMeasure.objects.filter(finding__in=templates)}
        if not templates:  # demo loaded without its cases (`init --no-demo-cases`): plain 不予处罚 findings
            templates = self._plain_templates()
        rng = random.Random(seed)
        today = timezone.localdate()
        per_bureau = max(1, cases // max(1, bureaus))
        User = get_user_model()
        made = 0
        for number in range(1, bureaus + 1):
            code = f"LOAD-{number:03d}"
            if Org.objects.filter(code=code).exists():
                continue
            with transaction.atomic():
                org = Org.objects.create(code=code, name=f"压测{number:03d}县应急管理局", short_name=f"压{number:03d}",
                                         level=Org.Level.COUNTY, kind=Org.Kind.ENFORCEMENT, parent=home.parent,
                                         justice_bureau=home.justice_bureau, region=f"压测{number:03d}县")
                users = []
                for username, role, name in ((f"load{number:03d}_officer1", Role.OFFICER, "压测执法员甲"),
                                             (f"load{number:03d}_officer2", Role.OFFICER, "压测执法员乙"),
                                             (f"load{number:03d}_approver", Role.APPROVER, "压测负责人")):
                    user = User.objects.create_user(username=username, password=password, org=org, role=role,
                                                    full_name=name, badge_no=f"99{number:03d}{len(users):05d}",
                                                    password_changed_at=timezone.now())
                    users.append(user)
                officers = users[:2]
                clones = []
                for i in range(parties):
                    src = party_templates[i % len(party_templates)]
                    clone = Party(**{f.attname: getattr(src, f.attname) for f in Party._meta.concrete_fields
                                     if not f.primary_key})
                    clone.org_id = org.pk
                    clone.name = f"{src.name}（压测{number:03d}-{i:03d}）"
                    clone.uscc = f"91{number:03d}{i:05d}LOAD{i % 10:04d}"[:18] if src.uscc else ""
                    clone.id_number = ""
                    clones.append(clone)
                made_parties = Party.objects.bulk_create(clones, batch_size=BATCH)
                self._inspections(org, officers, made_parties, templates, measures, per_bureau, rng, today)
            made += 1
            if made % 10 == 0:
                self.stdout.write(f"已生成 {made} 个机关……")
        self.stdout.write(f"已生成 {made} 个压测机关，每个机关约 {per_bureau} 条检查记录；账号 loadNNN_officer1，密码 {password}")

    @staticmethod
    def _plain_templates():
        from rouxing.cases.models import Finding, Inspection
        from rouxing.lists.models import Violation

        rows = []
        for violation in Violation.objects.order_by("code")[:5]:
            finding = Finding(violation=violation, description=f"{violation.name}（压测数据）",
                              facts={"first_violation": True, "corrected": "immediately", "harm": "none"},
                              basis="现场检查", cause="管理不到位", suggested_fix="立即整改",
                              recommended_outcome="no_penalty", chosen_outcome="no_penalty",
                              status=Finding.Status.CLOSED)
            finding.inspection = Inspection(kind=Inspection.Kind.PLANNED, place="压测现场", checklist=[], note="")
            rows.append(finding)
        return rows

    def _inspections(self, org, officers, parties, templates, measures, n, rng, today):
        from rouxing.cases.models import Finding, FlexibleMeasure, Inspection

        through = Inspection.officers.through
        for start in range(0, n, BATCH):
            count = min(BATCH, n - start)
            picks = [rng.choice(templates) for _ in range(count)]
            days = [today - dt.timedelta(days=rng.randrange(1, 365)) for _ in range(count)]
            chosen_parties = [rng.choice(parties) for _ in range(count)]
            inspections = Inspection.objects.bulk_create([
                Inspection(org=org, party=party, kind=t.inspection.kind, inspected_on=day, place=t.inspection.place,
                           checklist=t.inspection.checklist, note=t.inspection.note,
                           status=Inspection.Status.COMPLETED, created_by=officers[0])
                for t, day, party in zip(picks, days, chosen_parties, strict=True)], batch_size=BATCH)
            through.objects.bulk_create([through(inspection_id=i.pk, user_id=o.pk)
                                         for i in inspections for o in officers], batch_size=BATCH)
            findings = Finding.objects.bulk_create([
                Finding(org=org, inspection=i, party=i.party, violation_id=t.violation_id, found_on=i.inspected_on,
                        violation_date=i.inspected_on, description=t.description, facts=t.facts, basis=t.basis,
                        cause=t.cause, suggested_fix=t.suggested_fix, decision=t.decision, prospect=t.prospect,
                        engine_version=t.engine_version, list_version=t.list_version,
                        recommended_outcome=t.recommended_outcome, chosen_outcome=t.chosen_outcome,
                        coercion_withheld=t.coercion_withheld, decided_on=i.inspected_on, status=t.status,
                        closing_note=t.closing_note, recorded_by=officers[0])
                for i, t in zip(inspections, picks, strict=True)], batch_size=BATCH)
            FlexibleMeasure.objects.bulk_create([
                FlexibleMeasure(**{**{f.attname: getattr(measures[t.pk], f.attname)
                                      for f in FlexibleMeasure._meta.concrete_fields if not f.primary_key},
                                   "org_id": org.pk, "finding_id": f.pk, "party_id": f.party_id, "case_id": None,
                                   "performed_on": f.found_on, "performed_by_id": officers[0].pk})
                for f, t in zip(findings, picks, strict=True) if t.pk in measures and rng.random() < 0.5],
                batch_size=BATCH)

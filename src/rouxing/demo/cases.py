"""Demo enforcement work (演示执法业务数据) for `rouxing init`: inspection plans, 双随机 draws, inspections,
findings, flexible measures, commitments, rectification orders, reinspections, penalty cases through
legal review to payment and return visits, and issued documents for 三明, 明溪, 将乐 and 昌吉, spread over
the fourteen months up to today.

Everything is written through the real services (`cases.services`, `documents.services`,
`reports.services`), so the engine decides every finding, deadlines follow the working-day calendar
and every step has its audit event. Dates are explicit past dates passed to the services; the audit
timestamps are those of the load. The test suite's `core.demo.load_demo` does not call this module.
Idempotent: a bureau that already has inspections is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rouxing.core.workdays import is_workday

from .documents import issue_documents

HISTORY_DAYS = 425  # about fourteen months back from today
VISIT_GRACE_DAYS = 20  # return visits due in the last weeks stay open

BUREAUS = {
    # code: officers, reviewer, approver, list admin, court, meeting room, scenario counts
    "SM-YJJ": (("sm_officer1", "sm_officer2"), "sm_reviewer", "sm_approver", "sm_listadmin",
               "三明市三元区人民法院", "三明市应急管理局三楼会议室",
               {"clean": 3, "onsite": 2, "rectified": 6, "rectifying": 2, "penalty": 2, "reduced": 1, "lighter": 1,
                "in_review": 1}),
    "MX-YJJ": (("mx_officer1", "mx_officer2"), "mx_reviewer", "mx_approver", "mx_listadmin",
               "明溪县人民法院", "明溪县应急管理局二楼会议室",
               {"clean": 2, "onsite": 1, "rectified": 4, "rectifying": 1, "penalty": 1, "reduced": 1}),
    "JL-YJJ": (("jl_officer1", "jl_officer2"), None, None, None, "将乐县人民法院", "将乐县应急管理局会议室",
               {"clean": 3, "rectifying": 2, "escalated": 1}),
    "CJ-YJJ": (("cj_officer1", "cj_officer2"), "cj_reviewer", "cj_approver", "cj_listadmin",
               "昌吉市人民法院", "昌吉州应急管理局四楼会议室",
               {"clean": 2, "onsite": 2, "rectified": 5, "rectifying": 1, "penalty": 2, "in_review": 1}),
}
# Days the scenario needs between the inspection and its last dated step (latest possible start).
CHAIN_DAYS = {"clean": 1, "onsite": 35, "rectified": 45, "rectifying": 0, "penalty": 130, "reduced": 110,
              "lighter": 110, "in_review": 45, "escalated": 30}
SUPERVISORS = {"SM-YJJ": "sm_supervisor", "MX-YJJ": "mx_supervisor", "JL-YJJ": "sm_supervisor",
               "CJ-YJJ": "cj_supervisor"}
# Scenarios that are still open: started this many days ago (alternating), so they sit on the worklist.
RECENT = {"rectifying": (4, 24), "in_review": (40, 50), "escalated": (30, 38)}

# Violations on the 不予处罚清单 of 三明/明溪 (general industry, first time, corrected, no harm);
# 昌吉's catch-all item takes any of them. Texts: 问题描述, 判定依据, 产生原因, 整改建议.
NO_PENALTY_VIOLATIONS = [
    ("AQSC-097-05", "隐患排查治理台账齐全，但未通过公示栏或职工会议向从业人员通报排查治理情况",
     "《中华人民共和国安全生产法》第四十一条第二款", "安全管理人员对通报要求理解不到位",
     "每月在信息公示栏公布隐患排查治理情况，并在班前会上通报"),
    ("AQSC-097-01", "从业人员超过一百人，未配备专职安全生产管理人员",
     "《中华人民共和国安全生产法》第二十四条第二款", "原专职安全员离职后未及时补充",
     "一个月内配备专职安全生产管理人员并报备"),
    ("AQSC-097-03", "新入职员工三级安全教育培训学时不足，培训内容未覆盖岗位操作规程",
     "《中华人民共和国安全生产法》第二十八条第一款", "旺季用工集中，培训安排仓促",
     "补足培训学时，按岗位操作规程重新组织考核"),
    ("AQSC-097-04", "安全生产教育和培训档案未如实记录培训时间、内容和考核结果",
     "《中华人民共和国安全生产法》第二十八条第四款", "培训由班组自行组织，档案无人统一管理",
     "补记培训档案，明确专人负责档案管理"),
    ("AQSC-099-05", "打磨岗位从业人员未配备符合标准的防尘口罩和护目镜",
     "《中华人民共和国安全生产法》第四十五条第一款", "劳动防护用品采购计划未及时执行",
     "立即采购符合国家标准的劳动防护用品并建立发放台账"),
    ("AQSC-101-05", "未建立事故隐患排查治理制度，隐患排查无书面记录",
     "《中华人民共和国安全生产法》第四十一条第二款", "企业负责人对制度建设重视不够",
     "制定事故隐患排查治理制度并组织全员学习"),
    ("AQSC-105-02", "一号车间安全出口被成品货物堵塞，疏散通道宽度不足",
     "《中华人民共和国安全生产法》第四十二条第二款", "订单集中，成品临时堆放无规划",
     "立即清理安全出口和疏散通道，划定成品堆放区"),
]
# Penalty path: not corrected within the deadline (逾期未改正) on a high-risk enterprise.
PENALTY_VIOLATIONS = [
    ("AQSC-099-03", "液氨储罐区可燃气体报警仪超过检定周期未检测，维护保养记录缺失",
     "《中华人民共和国安全生产法》第三十六条第二款", "设备管理制度执行不到位", "立即委托有资质机构检测并建立维护保养记录"),
    ("AQSC-099-01", "危险化学品仓库和装卸区未设置明显的安全警示标志",
     "《中华人民共和国安全生产法》第三十五条第一款", "仓库改造后未恢复警示标志", "按标准设置安全警示标志"),
]
REDUCED = ("YJYA-045-02", "生产安全事故应急预案修订后未按规定组织评审",
           "《生产安全事故应急预案管理办法》第二十一条", "对评审要求不了解", "组织专家对应急预案进行评审")
LIGHTER = ("AQSC-097-06", "未按规定定期组织生产安全事故应急救援预案演练",
           "《中华人民共和国安全生产法》第八十一条", "生产任务紧，演练计划未落实", "制定年度演练计划并于一个月内组织一次综合演练")
HIGH_RISK = ("hazardous_chemicals", "mining", "metal_smelting", "construction", "road_transport", "fireworks")

# Flexible measures with their written records (文字记录).
MEASURE_TEXTS = {
    "persuasion": "向企业负责人讲解{v}的法律规定及可能后果，企业负责人表示认识到问题并立即整改",
    "guidance": "对企业安全管理人员进行现场指导，讲解{v}的整改方法和台账样式",
    "advice": "建议企业针对{v}建立长效机制，每季度开展一次自查",
    "reminder": "提示企业注意{v}等易发违法行为，送达行政提示书",
    "interview": "约谈企业主要负责人，就{v}问题听取情况说明，要求制定整改方案",
    "admonition": "告诫企业{v}属于违法行为，责令在期限内纠正，逾期将依法处理",
}
CLEAN_CHECKLIST = ["安全生产责任制落实情况", "隐患排查治理台账", "安全教育培训档案", "应急预案及演练记录",
                   "特种作业人员持证情况"]


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _workday_on_or_before(day: dt.date) -> dt.date:
    while not is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def _workday_on_or_after(day: dt.date) -> dt.date:
    while not is_workday(day):  # a year the calendar does not know follows the weekday rule
        day += dt.timedelta(days=1)
    return day


def _demo_png(n: int) -> bytes:
    """A small grey PNG standing in for a site photograph (distinct bytes per case)."""
    import struct
    import zlib

    width, height = 64, 48
    shade = 96 + n % 96
    raw = b"".join(b"\x00" + bytes([shade, shade, shade]) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class _Bureau:
    """One bureau's demo work, built step by step through the services."""

    def __init__(self, code: str, rng: random.Random, today: dt.date, tally: _Tally):
        from rouxing.orgs.models import Org, User
        from rouxing.parties.models import Party

        officers, reviewer, approver, listadmin, court, room, plan = BUREAUS[code]
        self.org = Org.objects.get(code=code)
        users = {u.username: u for u in User.objects.filter(username__in=[*officers, reviewer, approver, listadmin])}
        self.officers = [users[o] for o in officers]
        self.reviewer, self.approver = users.get(reviewer or ""), users.get(approver or "")
        self.listadmin = users.get(listadmin or "")
        self.court, self.room, self.plan_counts = court, room, plan
        self.rng, self.today, self.tally = rng, today, tally
        parties = list(Party.objects.filter(org=self.org).order_by("pk"))
        self.general = [p for p in parties if p.industry == "general"]
        self.high_risk = [p for p in parties if p.industry in HIGH_RISK] or self.general
        self.used: set[tuple[int, str]] = set()
        self.recent: dict[str, list] = {}
        self.plan = None
        self.drawn: list = []
        self.draw_queue: list = []

    # ---------------------------------------------------------------- helpers
    def officer(self, i: int = 0):
        return self.officers[i % 2]

    def remember(self, kind: str, obj) -> None:
        self.recent.setdefault(kind, []).append(obj)

    def pick(self, pool: list, code: str):
        """A party not yet found with `code` (so the engine sees a first violation)."""
        for party in sorted(pool, key=lambda _p: self.rng.random()):
            if (party.pk, code) not in self.used:
                self.used.add((party.pk, code))
                return party
        raise LookupError(f"no demo party left for {code} in {self.org.code}")

    def start_dates(self) -> list[tuple[dt.date, str]]:
        """Scenario start dates spread over the history window, each leaving room for its chain."""
        out = []
        for kind, n in self.plan_counts.items():
            for i in range(n):
                if kind in RECENT:
                    day = self.today - dt.timedelta(days=RECENT[kind][i % 2] + self.rng.randint(0, 3))
                else:
                    lo = self.today - dt.timedelta(days=HISTORY_DAYS)
                    hi = self.today - dt.timedelta(days=CHAIN_DAYS[kind])
                    span = (hi - lo).days
                    day = lo + dt.timedelta(days=int(span * (i + self.rng.random()) / n))
                out.append((_workday_on_or_before(day), kind))
        return sorted(out)

    def inspect(self, party, on: dt.date, *, ok: bool, planned: bool = True):
        from rouxing.cases import services as cs

        checklist = [{"item": item, "result": "符合", "note": ""} for item in CLEAN_CHECKLIST]
        if not ok:
            checklist[self.rng.randrange(len(checklist))].update(result="不符合", note="见发现问题")
        in_draw = self.drawn and party.pk in self.drawn
        plan_ref = f"{on.year}年度监督检查计划" + ("（双随机抽取）" if in_draw else "") if planned else ""
        inspection = cs.inspection_create(
            user=self.officer(), party=party, inspected_on=on, place=party.address or f"{party.name}生产经营场所",
            officers=self.officers, kind="planned" if planned else "unplanned", plan_ref=plan_ref,
            checklist=checklist, note="" if planned else "群众举报核查")
        self.tally.add("inspections")
        if on < self.today - dt.timedelta(days=2):
            cs.inspection_complete(user=self.officer(), inspection=inspection,
                                   expected_version=inspection.lock_version)
        return inspection

    def find(self, inspection, texts, facts: dict):
        from rouxing.cases import services as cs
        from rouxing.lists.models import Violation

        code, description, basis, cause, fix = texts
        finding = cs.finding_record(
            user=self.officer(), inspection=inspection, violation=Violation.objects.get(code=code),
            description=description, basis=basis, cause=cause, suggested_fix=fix,
            facts={"corrected": "not_yet", **facts})  # found today: not yet due for correction (stated, art. 40)
        self.tally.add("findings")
        return finding

    def measure(self, party, code: str, on: dt.date, subject: str, *, finding=None, case=None):
        from rouxing.cases import services as cs
        from rouxing.lists.models import FlexibleMethod

        method = FlexibleMethod.objects.get(code=code)
        persons = self.rng.randint(2, 12) if method.unit == "人次" else 1
        measure = cs.measure_record(
            user=self.officer(1), party=party, method=method, performed_on=min(on, self.today),
            recipient=party.legal_rep or party.name, content=MEASURE_TEXTS[code].format(v=subject),
            person_count=persons, finding=finding, case=case)
        self.tally.add("measures")
        self.remember("measure", measure)
        return measure

    def visit(self, *, finding=None, case=None) -> None:
        """Record the return visit (回访) if it has fallen due; otherwise it stays on the worklist."""
        from rouxing.cases import services as cs
        from rouxing.cases.models import ReturnVisit

        visit = ReturnVisit.objects.filter(finding=finding) if finding else ReturnVisit.objects.filter(case=case)
        visit = visit.order_by("-pk").first()
        if visit is None or visit.due_on > self.today - dt.timedelta(days=VISIT_GRACE_DAYS):
            return  # recently due: left on the worklist
        officer = self.officer()
        visit = cs.return_visit_record(
            user=officer, visit=visit, expected_version=visit.lock_version,
            visited_on=_workday_on_or_before(min(visit.due_on, self.today)),
            handling_unit="安全生产执法大队", handler=officer.full_name, responsible_person=visit.party.legal_rep,
            execution_status="已按要求完成整改，隐患已消除" + ("，罚款已缴清" if case else ""),
            remedial_measures="建立长效管理制度，定期自查", conduct_opinion="执法人员依法办案、廉洁执法，态度良好",
            suggestions="希望多开展安全生产法律法规培训", party_signatory=visit.party.legal_rep,
            contact_phone=visit.party.phone)
        self.tally.add("return_visits")
        self.tally.add("measures")  # the service counts each visit as one 行政回访 measure
        self.remember("return_visit", visit)

    def review_file(self, case) -> None:
        """案卷评议 by the supervising justice bureau, a month after closing (if that day has come)."""
        from rouxing.orgs.models import User
        from rouxing.reports import services as rs
        from rouxing.reports.models import REVIEW_CHECKLIST

        case.refresh_from_db()
        reviewed_on = _workday_on_or_after(case.closed_on + dt.timedelta(days=30))
        supervisor = User.objects.filter(username=SUPERVISORS[self.org.code]).first()
        if supervisor is None or reviewed_on > self.today:
            return
        scores = {key: points - (self.rng.randint(0, 3) if key in ("documents", "discretion") else 0)
                  for key, _label, points in REVIEW_CHECKLIST}
        rs.case_file_review_record(user=supervisor, case=case, scores=scores, reviewed_on=reviewed_on,
                                   comments="案卷材料齐全，程序合法；个别文书日期书写不规范，已提出改进意见")
        self.tally.add("case_file_reviews")

    # -------------------------------------------------------------- scenarios
    def run_clean(self, on: dt.date) -> None:
        drawn = bool(self.draw_queue) and on.year == self.today.year
        party = self.draw_queue.pop(0) if drawn else self.rng.choice(self.general + self.high_risk)
        # 双随机 parties are planned; the others partly come from complaints (计划外, 举报核查)
        self.inspect(party, on, ok=True, planned=drawn or self.rng.random() < 0.5)
        code = self.rng.choice(["persuasion", "guidance", "reminder"])
        self.measure(party, code, on, "汛期和高温季节安全生产")

    def run_onsite(self, on: dt.date) -> None:
        """当场改正: a no-penalty finding corrected on the spot, closed the same day (免罚不免责)."""
        from rouxing.cases import services as cs

        texts = self.rng.choice(NO_PENALTY_VIOLATIONS[:1] + NO_PENALTY_VIOLATIONS[5:])
        party = self.pick(self.general, texts[0])
        inspection = self.inspect(party, on, ok=False)
        finding = self.find(inspection, texts, {"harm": "none", "substantive_compliance": True,
                                                "corrected": "immediately"})
        self.measure(party, "persuasion", on, texts[1][:24], finding=finding)
        cs.finding_close(user=self.officer(), finding=finding, closed_on=on, note="当场改正。")
        self.tally.add("findings_closed")
        self.visit(finding=finding)

    def _rectify(self, on: dt.date, texts, party, facts: dict, method: str, commit: bool):
        from rouxing.cases import services as cs

        inspection = self.inspect(party, on, ok=False)
        finding = self.find(inspection, texts, facts)
        self.remember("finding", finding)
        order = cs.rectification_order(user=self.officer(), finding=finding, issued_on=on,
                                       period=self.rng.choice([10, 15, 20]))
        self.remember("order", order)
        self.tally.add("rectification_orders")
        self.measure(party, method, on, texts[1][:24], finding=finding)
        if commit:
            commitment = cs.commitment_sign(
                user=self.officer(), party=party, findings=[finding], content=texts[4], deadline=order.deadline,
                signatory=party.legal_rep or party.name, signed_on=on, observation_days=90)
            self.remember("commitment", commitment)
            self.tally.add("commitments")
            settle_on = _workday_on_or_after(commitment.deadline + dt.timedelta(days=1))
            if settle_on <= self.today - dt.timedelta(days=3):  # 承诺期满核查; recent ones stay on the worklist
                cs.commitment_settle(user=self.officer(), commitment=commitment,
                                     expected_version=commitment.lock_version, fulfilled=True,
                                     settled_on=settle_on, note="经核查，当事人已按承诺完成整改")
        return finding, order

    def reinspect(self, order, result: str):
        from rouxing.cases import services as cs

        day = order.deadline - dt.timedelta(days=2) if result == "corrected" else order.deadline + dt.timedelta(days=3)
        day = max(order.issued_on, _workday_on_or_after(day))
        note = "经复查，已按要求完成整改" if result == "corrected" else "经复查，整改期限届满仍未改正"
        cs.reinspection_record(user=self.officer(), order=order, inspected_on=day, result=result, note=note,
                               officers=self.officers)
        self.tally.add("reinspections")
        return day

    def run_rectified(self, on: dt.date) -> None:
        """责令限期改正 + 柔性措施 (+ 承诺书) → 复查已改正 → 不予处罚, 免罚不免责 → 回访."""
        texts = self.rng.choice(NO_PENALTY_VIOLATIONS)
        party = self.pick(self.general, texts[0])
        method = self.rng.choice(["admonition", "advice", "interview", "guidance", "reminder", "persuasion"])
        finding, order = self._rectify(on, texts, party, {"harm": "none", "substantive_compliance": True},
                                       method, commit=self.rng.random() < 0.6)
        self.reinspect(order, "corrected")
        self.tally.add("findings_closed")
        self.visit(finding=finding)

    def run_rectifying(self, on: dt.date) -> None:
        """Still within (or just past) the deadline: on the officers' worklist."""
        texts = self.rng.choice(NO_PENALTY_VIOLATIONS)
        party = self.pick(self.general, texts[0])
        self._rectify(on, texts, party, {"harm": "none", "substantive_compliance": True},
                      self.rng.choice(["admonition", "guidance"]), commit=True)

    def run_escalated(self, on: dt.date) -> None:
        """No list item applies (the bureau has not claimed a list): corrected, yet the engine proposes a
        penalty, so the case is registered and awaits investigation."""
        texts = self.rng.choice(NO_PENALTY_VIOLATIONS)
        party = self.pick(self.general, texts[0])
        _finding, order = self._rectify(on, texts, party, {"harm": "none"}, "admonition", commit=False)
        self.reinspect(order, "corrected")
        self.tally.add("cases")

    def _penalty_case(self, on: dt.date, texts, party, facts: dict, result: str):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from rouxing.cases import services as cs

        finding, order = self._rectify(on, texts, party, facts, "admonition", commit=False)
        registered = self.reinspect(order, result)
        finding.refresh_from_db()
        case = finding.case
        # 全过程记录: the site photograph taken at the reinspection goes into the case file
        photo = SimpleUploadedFile(f"复查现场照片-{registered:%Y%m%d}.png", _demo_png(case.pk), "image/png")
        cs.evidence_upload(user=self.officer(), org_id=case.org_id, upload=photo, case=case, step="复查",
                           description=f"{party.name}复查现场照片")
        self.tally.add("cases")
        self.tally.add("evidence_files")
        return case, registered

    def _fine(self, case) -> int:
        band = case.fine_band or {}
        lo, hi = int(band.get("band_min") or 0), int(band.get("band_max") or 0)
        fine = lo + (hi - lo) * self.rng.randint(2, 6) // 10
        return max(1000, fine // 1000 * 1000) if hi >= 1000 else fine

    def _notify_and_review(self, case, registered: dt.date, *, returned: bool):
        """告知 → 陈述申辩 → 法制审核 (returned once with opinions if `returned`); returns the case, the
        proposed fine and the day the review approved it."""
        from rouxing.cases import services as cs

        def later(day: dt.date, days: int) -> dt.date:
            return min(self.today, _workday_on_or_after(day + dt.timedelta(days=days)))

        fine = self._fine(case)
        notified = later(registered, 5)
        case = cs.case_notify(user=self.officer(), case=case, expected_version=case.lock_version,
                              notified_on=notified, proposed_outcome=case.proposed_outcome, proposed_fine=fine)
        case = cs.case_statement_record(user=self.officer(), case=case, expected_version=case.lock_version,
                                        statement="当事人对违法事实无异议，请求从轻处理", hearing_requested=False)
        case = cs.case_statement_answer(user=self.officer(), case=case, expected_version=case.lock_version,
                                        answer="rejected", reason="当事人未提出新的事实、理由和证据，拟处罚数额已在裁量基准内")
        submitted = later(notified, 4)
        review = cs.legal_review_submit(user=self.officer(), case=case, expected_version=case.lock_version,
                                        note="事实清楚，证据确凿，拟按裁量基准处罚", submitted_on=submitted)
        if self.reviewer is None:
            return case, fine, submitted
        if returned:
            cs.legal_review_decide(user=self.reviewer, review=review, result="returned",
                                   reviewed_on=later(submitted, 2),
                                   opinions="现场检查笔录缺少当事人签字，请补充询问笔录后重新提交")
            self.tally.add("reviews_returned")
            case.refresh_from_db()
            submitted = later(submitted, 5)
            review = cs.legal_review_submit(user=self.officer(), case=case, expected_version=case.lock_version,
                                            note="已补充询问笔录及当事人签字", submitted_on=submitted)
        approved = later(submitted, 2)
        cs.legal_review_decide(user=self.reviewer, review=review, result="approved", reviewed_on=approved,
                               opinions="主体适格，事实清楚，证据充分，程序合法，适用依据正确，罚款数额在裁量基准内")
        case.refresh_from_db()
        return case, fine, approved

    def _decide_to_close(self, case, fine: int, approved: dt.date, *, instalments: bool, close: bool) -> None:
        from rouxing.cases import services as cs
        from rouxing.cases.models import Execution

        case = cs.case_approve(user=self.approver, case=case, expected_version=case.lock_version, opinion="同意")
        decided = _workday_on_or_after(approved + dt.timedelta(days=3))
        from rouxing.cases.services.procedure import collective_discussion_reasons

        band = case.fine_band or {}
        outside = not (band.get("band_min") or 0) <= fine <= (band.get("band_max") or fine)
        reasons = collective_discussion_reasons(case, fine_amount=fine, suspends_business=False, outside_band=outside)
        if reasons:  # 重大违法行为 under the bureau's rules: 负责人集体讨论 before the decision (art. 57)
            cs.collective_discussion_record(
                user=self.approver, case=case, held_on=_workday_on_or_after(approved + dt.timedelta(days=1)),
                chair=self.approver.display_name, attendees="局长、分管副局长、法制科科长、执法大队大队长",
                opinions=f"本案{'、'.join(reasons)}，经讨论，事实清楚，证据确凿，程序合法。",
                conclusion="同意按拟处罚意见作出行政处罚决定。")
            self.tally.add("collective_discussions")
            case.refresh_from_db()
        decision = cs.decision_issue(user=self.approver, case=case, expected_version=case.lock_version,
                                     outcome=case.proposed_outcome, fine_amount=fine, decided_on=decided,
                                     reasoning="当事人违法事实清楚，经告知后未提出新的事实和理由，依据裁量基准作出处罚。")
        self.tally.add("decisions")
        if decision.publicity_required:  # 公示 within the 7 working days, on the portal from now on
            from rouxing.cases.services.publicity import decision_publish

            decision_publish(user=self.officer(), decision=decision, expected_version=decision.lock_version,
                             published_on=min(self.today, _workday_on_or_after(decided + dt.timedelta(days=2))))
            self.tally.add("decisions_published")
        case.refresh_from_db()
        delivered = _workday_on_or_after(decided + dt.timedelta(days=2))
        cs.delivery_record(user=self.officer(), case=case, expected_version=case.lock_version, kind="decision",
                           method="direct",
                           delivered_on=delivered, recipient=case.party.legal_rep or case.party.name)
        case.refresh_from_db()
        granted = delivered + dt.timedelta(days=1)
        if instalments:
            half = fine // 2
            execution = cs.execution_grant(
                user=self.approver, case=case, expected_version=case.lock_version, kind=Execution.Kind.INSTALMENTS,
                granted_on=granted, applied_on=delivered, reason="当事人经营困难，书面申请分期缴纳罚款",
                instalments=[(half, granted + dt.timedelta(days=30)), (fine - half, granted + dt.timedelta(days=90))])
        else:
            execution = cs.execution_grant(user=self.approver, case=case, expected_version=case.lock_version,
                                           kind=Execution.Kind.FULL, granted_on=granted)
        self.tally.add("fines_total", fine)
        for inst in execution.instalments.order_by("seq"):
            paid_on = inst.due_on - dt.timedelta(days=3)
            if paid_on > self.today or (not close and inst.seq > 1):
                break
            cs.instalment_pay(user=self.officer(), instalment=inst, expected_version=inst.lock_version,
                              paid_on=paid_on, paid_amount=inst.amount, receipt_no=f"FS{paid_on:%Y%m%d}{inst.pk:04d}")
        execution.refresh_from_db()
        if not close or execution.status != Execution.Status.COMPLETED:
            return
        case.refresh_from_db()
        last_paid = execution.instalments.order_by("-seq").first().paid_on
        cs.case_close(user=self.officer(), case=case, expected_version=case.lock_version,
                      closed_on=_workday_on_or_after(last_paid + dt.timedelta(days=2)), note="罚款已缴清，结案。")
        self.tally.add("cases_closed")
        self.visit(case=case)
        self.review_file(case)

    def run_penalty(self, on: dt.date) -> None:
        """逾期未改正 → 立案 → 告知 → 法制审核 (the first one returned once) → 审批 → 决定 → 送达 → 缴纳 → 结案 → 回访."""
        n = self.recent.get("penalty_n", [0])[0]
        self.recent["penalty_n"] = [n + 1]
        texts = PENALTY_VIOLATIONS[n % len(PENALTY_VIOLATIONS)]
        party = self.pick(self.high_risk, texts[0])
        case, registered = self._penalty_case(on, texts, party, {"harm": "none"}, "overdue")
        case, fine, approved = self._notify_and_review(case, registered, returned=n == 0)
        instalments = n == 1 or self.org.code == "MX-YJJ"
        self._decide_to_close(case, fine, approved, instalments=instalments, close=not instalments or n == 1)
        self.remember("case", case)

    def _mitigated(self, on: dt.date, texts) -> None:
        party = self.pick(self.general, texts[0])
        facts = {"harm": "none", "substantive_compliance": True, "circumstances": ["actively_eliminated_harm"]}
        case, registered = self._penalty_case(on, texts, party, facts, "corrected")
        case, fine, approved = self._notify_and_review(case, registered, returned=False)
        self._decide_to_close(case, fine, approved, instalments=False, close=True)
        self.remember("case", case)

    def run_reduced(self, on: dt.date) -> None:
        self._mitigated(on, REDUCED)

    def run_lighter(self, on: dt.date) -> None:
        self._mitigated(on, LIGHTER)

    def run_in_review(self, on: dt.date) -> None:
        """A recent penalty case waiting for the 法制审核员."""
        texts = PENALTY_VIOLATIONS[1]
        party = self.pick(self.high_risk, texts[0])
        case, registered = self._penalty_case(on, texts, party, {"harm": "none"}, "overdue")
        from rouxing.cases import services as cs

        case = cs.case_notify(user=self.officer(), case=case, expected_version=case.lock_version,
                              notified_on=min(self.today, registered + dt.timedelta(days=3)),
                              proposed_outcome=case.proposed_outcome, proposed_fine=self._fine(case))
        cs.legal_review_submit(user=self.officer(), case=case, expected_version=case.lock_version,
                               note="请审核拟处罚意见", submitted_on=min(self.today, case.notified_on + dt.timedelta(days=3)))
        self.remember("case", case)

    # ------------------------------------------------------------------ plans
    def plan_and_draw(self) -> None:
        """年度监督检查计划 with monthly targets (approved by the 负责人) and one 双随机 draw."""
        from rouxing.plans import services as rs
        from rouxing.plans.models import InspectionPlan

        year = self.today.year
        if InspectionPlan.objects.filter(org=self.org, year=year).exists():
            return
        key = [p.pk for p in self.high_risk[:2]]
        targets = [2, 2, 3, 3, 3, 3, 2, 2, 3, 3, 3, 2] if self.org.level == "city" else [1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 2, 1]
        plan = rs.inspection_plan_save(user=self.officer(), org=self.org, year=year,
                                       title=f"{self.org.name}{year}年度安全生产监督检查计划", monthly_targets=targets,
                                       key_party_ids=key, note="重点监管单位全覆盖，其余单位双随机抽查")
        if self.approver is not None:
            plan = rs.inspection_plan_approve(user=self.approver, plan=plan)
        draw = rs.random_draw_perform(user=self.officer(), plan=plan, month=max(1, self.today.month - 1),
                                      party_count=3, seed=self.rng.randrange(1, 2**31))
        self.plan, self.drawn = plan, list(draw.party_ids)
        by_pk = {p.pk: p for p in self.general + self.high_risk}
        self.draw_queue = [by_pk[pk] for pk in self.drawn if pk in by_pk]
        self.tally.add("plans")
        self.tally.add("draws")

    def run(self) -> None:
        self.plan_and_draw()
        for on, kind in self.start_dates():
            getattr(self, f"run_{kind}")(on)


def load_demo_cases(*, seed: int = 20250901, today: dt.date | None = None) -> dict[str, int]:
    """Create the demo enforcement work of the four bureaus (skipping any that already has inspections);
    returns counts of what was created (empty when there was nothing to do)."""
    from rouxing.cases.models import Inspection
    from rouxing.orgs.models import Org

    tally = _Tally()
    today = today or timezone.localdate()
    for code in BUREAUS:
        org = Org.objects.filter(code=code).first()
        if org is None or Inspection.objects.filter(org=org).exists():
            continue
        with transaction.atomic():
            bureau = _Bureau(code, random.Random(f"{seed}-{code}"), today, tally)
            bureau.run()
            issue_documents(bureau)
        tally.add("bureaus")
    return tally.counts


def summary_line(counts: dict[str, int]) -> str:
    """One Chinese line describing what `load_demo_cases` created."""
    if not counts:
        return "演示执法数据已存在，未重复载入。"
    c = counts.get
    return (f"已载入演示执法数据：{c('bureaus', 0)}个机关，检查{c('inspections', 0)}次，发现问题{c('findings', 0)}个"
            f"（免罚办结{c('findings_closed', 0)}个），柔性措施{c('measures', 0)}条，承诺书{c('commitments', 0)}份，"
            f"责令改正{c('rectification_orders', 0)}份，立案{c('cases', 0)}件（处罚决定{c('decisions', 0)}件，"
            f"结案{c('cases_closed', 0)}件），回访{c('return_visits', 0)}次，签发文书{c('documents', 0)}份，"
            f"年度计划{c('plans', 0)}个。")

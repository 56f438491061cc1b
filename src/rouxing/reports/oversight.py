"""Oversight metrics computed from records: the 五个百分之百 (seed 003 二), the 721 method (seed 004
二(二)) and the 同案异罚 consistency warning (seed 003 三(二)2).

Each metric returns its numerator and denominator as querysets or id lists as well as the ratio, so
the page can state the definition and list the records it counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rouxing.core.workdays import add_workdays

from .definition import Period


@dataclass
class Metric:
    key: str
    name: str
    definition: str
    counts: str
    numerator: int
    denominator: int
    target: float = 1.0
    record_ids: list[int] = field(default_factory=list)
    missing_ids: list[int] = field(default_factory=list)

    @classmethod
    def of_records(cls, key: str, name: str, definition: str, counts: str, done: list[int],
                   missing: list[int]) -> Metric:
        """The share of records meeting the target: `done` of `done` + `missing` (ids of each kept)."""
        return cls(key, name, definition, counts, len(done), len(done) + len(missing), record_ids=done,
                   missing_ids=missing)

    @property
    def ratio(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    @property
    def percent(self) -> str:
        return "—（无记录）" if self.ratio is None else f"{self.ratio * 100:.1f}%"

    @property
    def met(self) -> bool | None:
        return None if self.ratio is None else self.ratio >= self.target


def _models():
    from rouxing.cases import models as m

    return m


def plan_completion(org_ids, period: Period, today: dt.date) -> Metric:
    """年度执法计划完成率 of the approved annual plans (`rouxing.plans`), over the months of the period that
    have begun by `today`."""
    from rouxing.plans import selectors as plans

    done = plans.plan_completion(org_ids, period.start.year, period.start.month, period.end.month, today)
    return Metric("plan", plans.PLAN_COMPLETION_NAME, plans.PLAN_COMPLETION_DEFINITION, plans.PLAN_COMPLETION_COUNTS,
                  done.numerator, done.denominator, record_ids=done.record_ids)


def _split(qs, met) -> tuple[list[int], list[int]]:
    """The ids of the records of `qs` that are in `met` (a filter of `qs`), and of the others."""
    done = list(met.values_list("pk", flat=True))
    return done, list(qs.exclude(pk__in=done).values_list("pk", flat=True))


def _findings(org_ids, period: Period):
    m = _models()
    return m.Finding.objects.filter(org_id__in=list(org_ids), found_on__gte=period.start, found_on__lte=period.end,
                                    voided_at__isnull=True)  # 作废 findings are not counted


def onsite_disposal(org_ids, period: Period) -> Metric:
    """执法检查现场处置率: problems found in the period with at least one disposal record (责令限期改正,
    柔性执法措施, 承诺书, 立案 or an adopted outcome) ÷ problems found in the period."""
    m = _models()
    qs = _findings(org_ids, period)
    handled = qs.filter(
        Q(Exists(m.RectificationOrder.objects.filter(finding=OuterRef("pk"))))
        | Q(Exists(m.FlexibleMeasure.objects.filter(finding=OuterRef("pk"), voided_at__isnull=True)))
        | Q(Exists(m.Commitment.objects.filter(findings=OuterRef("pk"), voided_at__isnull=True)))
        | Q(case__isnull=False) | Q(decided_on__isnull=False)
    )
    return Metric.of_records(
        "onsite", "执法检查现场处置率",
        "有处置记录（责令限期改正、柔性执法措施、承诺书、立案或确定处理结果）的检查发现问题数 ÷ 期间发现问题总数",
        "检查发现问题记录", *_split(qs, handled))


def investigated(org_ids, period: Period) -> Metric:
    """已查实违法行为查处率: problems found in the period whose outcome has been settled (不予/减轻/
    从轻/一般/从重, with `decided_on`) or that were corrected after an order ÷ problems found."""
    m = _models()
    qs = _findings(org_ids, period)
    settled = qs.filter(Q(decided_on__isnull=False) | Q(status__in=[m.Finding.Status.CORRECTED,
                                                                    m.Finding.Status.CLOSED]))
    return Metric.of_records("investigated", "已查实违法行为查处率",
                             "已确定处理结果或已整改办结的问题数 ÷ 期间查实（记录）的违法问题数",
                             "检查发现问题记录", *_split(qs, settled))


def three_systems(org_ids, period: Period) -> Metric:
    """行政执法“三项制度”执行率: penalty decisions of the period meeting all three: approved 法制审核
    before the decision, 全过程记录 (at least one evidence file in the case) and 公示 — actually published
    (`published_at`) no later than its 公示期限 (`publicity_deadline`, 7 working days after the decision
    by default). A 不予行政处罚 decision is not published, so publicity does not apply to it. A decision
    that fails a gate of the general procedure (`decision_flags`: fine outside the statutory range, heavier
    than notified, before the 陈述申辩 period ended, no 听证报告/集体讨论, after 90 days) is not compliant."""
    from rouxing.cases.services.procedure import decision_flags

    m = _models()
    decisions = m.PenaltyDecision.objects.filter(
        case__org_id__in=list(org_ids), decided_on__gte=period.start, decided_on__lte=period.end,
    ).select_related("legal_review", "case__party")
    evidence_cases = set(m.EvidenceFile.objects.filter(case__org_id__in=list(org_ids))
                         .values_list("case_id", flat=True))
    done, missing = [], []
    for d in decisions:
        review = d.legal_review
        reviewed = (review.result == m.LegalReview.Result.APPROVED and review.reviewed_at is not None
                    and review.reviewed_at.date() <= d.decided_on)
        lawful = not decision_flags(d)  # every gate of the general procedure held (cases.services.procedure)
        (done if reviewed and lawful and _published_in_time(d) and d.case_id in evidence_cases
         else missing).append(d.case_id)
    return Metric.of_records("three_systems", "行政执法“三项制度”执行率",
                             "同时满足法制审核通过在先、一般程序各环节合法（法定幅度、告知、陈述申辩期限、听证、集体讨论、办案期限）、"
                             "案件有全过程记录（证据材料）、在公示期限（决定后7个工作日）内实际公示"
                             "（不予处罚决定不公示）的处罚决定数 ÷ 期间处罚决定数",
                             "行政处罚决定", done, missing)


def _published_in_time(decision) -> bool:
    """公示 done: published on or before the deadline (computed from the decision date if not stored)."""
    if decision.outcome == "no_penalty":
        return True
    if decision.published_at is None:
        return False
    deadline = decision.publicity_deadline or add_workdays(decision.decided_on, 7)
    return timezone.localtime(decision.published_at).date() <= deadline


def supervision_coverage(org_ids, period: Period) -> Metric:
    """执法监督覆盖率: cases closed in the period whose file was scored in a 案卷评议 ÷ cases closed."""
    from .models import CaseFileReview

    m = _models()
    closed = m.Case.objects.filter(org_id__in=list(org_ids), closed_on__gte=period.start, closed_on__lte=period.end)
    reviewed = set(CaseFileReview.objects.filter(case__in=closed).values_list("case_id", flat=True))
    all_ids = list(closed.values_list("pk", flat=True))
    done = [i for i in all_ids if i in reviewed]
    missing = [i for i in all_ids if i not in reviewed]
    return Metric.of_records("supervision", "执法监督覆盖率", "期间结案且经案卷评议的案件数 ÷ 期间结案案件数",
                             "行政处罚案件、案卷评议记录", done, missing)


def five_hundred_percent(org_ids, period: Period, today: dt.date) -> list[Metric]:
    """五个百分之百 (seed 003 二): each target is 100%."""
    return [
        plan_completion(org_ids, period, today),
        onsite_disposal(org_ids, period),
        investigated(org_ids, period),
        three_systems(org_ids, period),
        supervision_coverage(org_ids, period),
    ]


# 721 method (seed 004 二(二)): which tier each method belongs to.
SERVICE_METHODS = {"persuasion", "demonstration", "guidance", "reward", "conciliation", "advice", "reminder"}
MANAGEMENT_METHODS = {"interview", "admonition"}
ENFORCEMENT_OUTCOMES = {"reduced", "lighter", "standard", "heavier"}
TARGET_721 = {"service": 0.7, "management": 0.2, "enforcement": 0.1}
LABEL_721 = {"service": "服务", "management": "管理", "enforcement": "执法"}


def tier_of_finding(*, outcome: str, has_penalty: bool, has_order: bool, has_commitment: bool,
                    methods: set[str]) -> str:
    """The strongest tier used on one problem: enforcement (a penalty) > management (责令改正, 承诺,
    约谈, 告诫) > service (the other methods, or 不予处罚 with education only)."""
    if has_penalty or outcome in ENFORCEMENT_OUTCOMES:
        return "enforcement"
    if has_order or has_commitment or methods & MANAGEMENT_METHODS:
        return "management"
    return "service"


def ratio_721(org_ids, period: Period) -> dict:
    """Issues of the period by tier. An issue is a problem found (检查发现问题) or a stand-alone
    measure (one not tied to a problem, e.g. 行政指导, 行政提示); 行政回访 is follow-up, not an issue."""
    m = _models()
    counts = {"service": 0, "management": 0, "enforcement": 0}
    findings = (_findings(org_ids, period)
                .annotate(has_order=Exists(m.RectificationOrder.objects.filter(finding=OuterRef("pk"))),
                          has_commitment=Exists(m.Commitment.objects.filter(findings=OuterRef("pk"),
                                                                            voided_at__isnull=True)),
                          has_penalty=Exists(m.PenaltyDecision.objects.filter(
                              case_id=OuterRef("case_id"), outcome__in=ENFORCEMENT_OUTCOMES)))
                .values("pk", "chosen_outcome", "has_order", "has_commitment", "has_penalty"))
    methods_by_finding: dict[int, set[str]] = {}
    for fid, code in m.FlexibleMeasure.objects.filter(finding__in=_findings(org_ids, period),
                                                      voided_at__isnull=True).values_list(
            "finding_id", "method__code"):
        methods_by_finding.setdefault(fid, set()).add(code)
    for f in findings:
        tier = tier_of_finding(outcome=f["chosen_outcome"], has_penalty=f["has_penalty"], has_order=f["has_order"],
                               has_commitment=f["has_commitment"], methods=methods_by_finding.get(f["pk"], set()))
        counts[tier] += 1
    standalone = m.FlexibleMeasure.objects.filter(org_id__in=list(org_ids), finding__isnull=True,
                                                  voided_at__isnull=True, performed_on__gte=period.start, performed_on__lte=period.end)
    for code in standalone.values_list("method__code", flat=True):
        if code in MANAGEMENT_METHODS:
            counts["management"] += 1
        elif code != "return_visit":
            counts["service"] += 1
    total = sum(counts.values())
    tiers = []
    for k in ("service", "management", "enforcement"):
        share = (counts[k] / total) if total else None
        tiers.append({"key": k, "label": LABEL_721[k], "count": counts[k], "target": TARGET_721[k], "share": share,
                      "share_text": "—" if share is None else f"{share * 100:.1f}%",
                      "target_text": f"{TARGET_721[k] * 100:.0f}%"})
    return {"total": total, "tiers": tiers}

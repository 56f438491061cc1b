"""Reads of the enforcement app: scoped lists and the worklist of everything still open, with its deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from rouxing.orgs.access import readable_org_ids, scope

from .models import CoercionWithheld, CoerciveMeasure, CrimeTransfer, MeasureKind, SummaryDecision

S = CoerciveMeasure.Status


@dataclass(frozen=True)
class Row:
    """One open item of the worklist: `due` is a date, or a datetime for the 24-hour rules."""

    kind: str
    label: str
    step: str
    due: dt.date | dt.datetime | None
    url: str
    obj: Any

    @property
    def due_date(self) -> dt.date | None:
        if isinstance(self.due, dt.datetime):
            return timezone.localdate(self.due)
        return self.due

    @property
    def due_text(self) -> str:
        return due_label(self.due)

    def overdue(self, now: dt.datetime) -> bool:
        if self.due is None:
            return False
        if isinstance(self.due, dt.datetime):
            return now > self.due
        return timezone.localdate(now) > self.due


def due_label(due: dt.date | dt.datetime | None) -> str:
    """A deadline as shown: date and time for the 24-hour rules, the date otherwise."""
    if due is None:
        return ""
    if isinstance(due, dt.datetime):
        return timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    return due.isoformat()


def measures_for(user) -> QuerySet[CoerciveMeasure]:
    return scope(CoerciveMeasure.objects.select_related("party", "finding__violation", "org"), user)


def summaries_for(user) -> QuerySet[SummaryDecision]:
    return scope(SummaryDecision.objects.select_related("party", "org"), user)


def transfers_for(user) -> QuerySet[CrimeTransfer]:
    return scope(CrimeTransfer.objects.select_related("party", "finding__violation", "org"), user)


def withheld_for(user) -> QuerySet[CoercionWithheld]:
    return scope(CoercionWithheld.objects.select_related("finding__party", "list_item", "org"), user)


def measure_step(m: CoerciveMeasure) -> tuple[str, dt.date | dt.datetime | None]:
    """What the measure waits for, and until when (None: no legal deadline)."""
    if m.status == S.IN_FORCE:
        if m.emergency and m.approved_at is None:
            return ("补办批准手续（行政强制法第十九条）" if m.review_passed else "法制审核并补办批准（第十九条）",
                    m.approval_deadline)
        if m.is_seal:
            return "查封、扣押期限届满前作出处理决定或解除（第二十七条、第二十八条）", m.ends_on
        if m.kind == MeasureKind.POWER_CUT:
            return "当事人履行决定后及时解除（安全生产法第七十条第二款）", None
        return "复查隐患排除后解除（安全生产法第六十五条第一款第三项）", None
    if m.status == S.PROPOSED:
        return "法制审核", None
    if m.status == S.REVIEWED:
        return "负责人批准（行政强制法第十八条第一项）", None
    return "实施", None


def worklist(user, now: dt.datetime | None = None) -> list[Row]:
    """Every open measure, undecided 备案 and open transfer of the user's bureaus, earliest deadline first."""
    from .services.transfer import approval_due

    now = now or timezone.now()
    orgs = readable_org_ids(user)
    rows: list[Row] = []
    for m in (CoerciveMeasure.objects.filter(org_id__in=orgs, status__in=CoerciveMeasure.OPEN)
              .select_related("party")):
        step, due = measure_step(m)
        rows.append(Row("measure", f"{m.get_kind_display()}：{m.party}", step, due, f"/enforcement/measures/{m.pk}/", m))
    for d in SummaryDecision.objects.filter(org_id__in=orgs, status=SummaryDecision.Status.DECIDED).select_related(
            "party"):
        rows.append(Row("summary", f"当场处罚 {d.number}：{d.party}", "报所属行政机关备案（行政处罚法第五十二条第三款）",
                        d.filing_due, f"/enforcement/summary/{d.pk}/", d))
    for t in CrimeTransfer.objects.filter(org_id__in=orgs, status__in=(
            CrimeTransfer.Status.PROPOSED, CrimeTransfer.Status.APPROVED, CrimeTransfer.Status.TRANSFERRED)
    ).select_related("party"):
        if t.status == CrimeTransfer.Status.PROPOSED:
            step, due = "负责人决定是否批准移送（《移送规定》第五条，3日内）", approval_due(t)
        elif t.status == CrimeTransfer.Status.APPROVED:
            step = "批准后二十四小时内移送公安机关（《移送规定》第五条）"
            due = t.approved_at + dt.timedelta(hours=24) if t.approved_at else None
        else:
            step, due = "等待公安机关答复（《移送规定》第八条）", None
        rows.append(Row("transfer", f"涉嫌犯罪移送：{t.party}", step, due, f"/enforcement/transfers/{t.pk}/", t))

    def key(r: Row):
        return (r.due_date is None, r.due_date or dt.date.max, r.label)

    return sorted(rows, key=key)

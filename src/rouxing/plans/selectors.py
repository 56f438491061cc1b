"""Reads of 双随机一公开 planning: the plans a user may see, a plan's progress, a draw's follow-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from rouxing.cases.models import Inspection
from rouxing.orgs.access import oversight_org_ids

from .models import InspectionPlan, RandomDraw

PLAN_COMPLETION_NAME = "年度执法计划完成率"
PLAN_COMPLETION_DEFINITION = ("已完成的计划内检查数（每月以计划数为上限）÷ 截至当日各月计划检查数之和"
                              "（已批准的年度监督检查计划）")
PLAN_COMPLETION_COUNTS = "执法检查记录（计划内、检查完毕）"


@dataclass
class PlanCompletion:
    """年度执法计划完成率 as counts: planned inspections carried out ÷ planned inspections."""

    numerator: int = 0
    denominator: int = 0
    record_ids: list[int] = field(default_factory=list)
    definition: str = PLAN_COMPLETION_DEFINITION

    @property
    def percent(self) -> str:
        return "—（无记录）" if self.denominator == 0 else f"{self.numerator / self.denominator * 100:.1f}%"


def plans_for(user):
    """The annual plans of the bureaus whose plans `user` may read."""
    return InspectionPlan.objects.filter(org_id__in=oversight_org_ids(user)).select_related("org")


def draws_for(user):
    """The draws of the plans `user` may read."""
    return RandomDraw.objects.filter(plan__in=plans_for(user))


def plan_completion(org_ids: Iterable[int], year: int, first_month: int, last_month: int,
                    today: dt.date) -> PlanCompletion:
    """Per month of the approved annual plans of `org_ids` for `year`, planned inspections carried out
    (completed 计划内检查 records, capped at the month's target) ÷ planned inspections, counting the months
    from `first_month` to `last_month` that have begun by `today`."""
    result = PlanCompletion()
    plans = list(InspectionPlan.objects.filter(org_id__in=list(org_ids), year=year,
                                               status=InspectionPlan.Status.APPROVED).order_by("org_id", "pk"))
    # One query for every plan and month: the completed 计划内 inspections of the plans' bureaus in the period.
    done_by_month: dict[tuple[int, int], list[int]] = {}
    if plans:
        rows = (Inspection.objects.filter(
            org_id__in={plan.org_id for plan in plans}, kind=Inspection.Kind.PLANNED,
            status=Inspection.Status.COMPLETED, inspected_on__year=year,
            inspected_on__month__gte=first_month, inspected_on__month__lte=last_month)
            .order_by("pk").values_list("org_id", "inspected_on", "pk"))
        for org_id, inspected_on, pk in rows:
            done_by_month.setdefault((org_id, inspected_on.month), []).append(pk)
    for plan in plans:
        for month in range(first_month, last_month + 1):
            if dt.date(plan.year, month, 1) > today:
                break
            target = plan.monthly_targets[month - 1]
            done = done_by_month.get((plan.org_id, month), [])
            result.denominator += target
            result.numerator += min(len(done), target)
            result.record_ids.extend(done[:target])
    return result


def planned_done_by_month(plan: InspectionPlan) -> dict[int, int]:
    """Completed 计划内 inspections of the plan's bureau and year, per month."""
    rows = (Inspection.objects.filter(org_id=plan.org_id, inspected_on__year=plan.year,
                                      kind=Inspection.Kind.PLANNED, status=Inspection.Status.COMPLETED)
            .annotate(m=ExtractMonth("inspected_on")).values("m").annotate(n=Count("id")).order_by())
    return {r["m"]: r["n"] for r in rows}


def draw_inspections(draw: RandomDraw) -> tuple[list[int], list[int]]:
    """双随机抽查落实情况 of one draw: the drawn parties (in drawing order) with a completed inspection by the
    bureau dated from the day of the draw to the end of the plan's year, and those still to inspect."""
    start, end = timezone.localtime(draw.drawn_at).date(), dt.date(draw.plan.year, 12, 31)
    inspected = set(Inspection.objects.filter(
        org_id=draw.plan.org_id, party_id__in=draw.party_ids, status=Inspection.Status.COMPLETED,
        inspected_on__gte=start, inspected_on__lte=end).values_list("party_id", flat=True))
    return [p for p in draw.party_ids if p in inspected], [p for p in draw.party_ids if p not in inspected]

"""Oversight figures read the database a fixed number of times, whatever the number of plans, months and
decided findings (the province view used to issue one query per plan and month, and one per decision)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from rouxing.orgs.models import Org
from rouxing.plans.models import InspectionPlan
from rouxing.reports import consistency, oversight
from rouxing.reports.definition import Period, PeriodKind

from .conftest import add_finding

YEAR = 2025
PERIOD = Period(PeriodKind.YEAR, YEAR, 0)
TODAY = dt.date(YEAR, 12, 31)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def _approve_plans_for(orgs) -> None:
    for org in orgs:
        user = org.users.first()
        if user is None:
            continue
        # status is a protected FSM field: an existing plan is not re-saved, a new one is created approved
        InspectionPlan.objects.get_or_create(
            org=org, year=YEAR, defaults={"title": f"{YEAR}年度计划（查询数测试）", "monthly_targets": [2] * 12,
                                          "key_party_ids": [], "status": InspectionPlan.Status.APPROVED,
                                          "created_by": user})


def test_plan_completion_takes_two_queries_for_one_bureau_or_every_bureau(demo):
    enforcement = list(Org.objects.filter(kind=Org.Kind.ENFORCEMENT).order_by("code"))
    _approve_plans_for(enforcement[:1])
    one = _queries(lambda: oversight.plan_completion([enforcement[0].pk], PERIOD, TODAY))
    _approve_plans_for(enforcement)
    plans = InspectionPlan.objects.filter(year=YEAR, status=InspectionPlan.Status.APPROVED).count()
    assert plans >= 3
    every = _queries(lambda: oversight.plan_completion([o.pk for o in enforcement], PERIOD, TODAY))
    # the plans, then the completed planned inspections of all their months: 2 queries, not plans × 12
    assert one == every == 2


def test_plan_completion_counts_are_unchanged_by_the_single_query(demo):
    """The figure itself: per month, completed 计划内 inspections capped at the month's target."""
    org = demo.org("SM-YJJ")
    _approve_plans_for([org])
    metric = oversight.plan_completion([org.pk], PERIOD, TODAY)
    from rouxing.cases.models import Inspection

    expected_num = 0
    for month in range(1, 13):
        done = Inspection.objects.filter(org=org, kind=Inspection.Kind.PLANNED, status=Inspection.Status.COMPLETED,
                                         inspected_on__year=YEAR, inspected_on__month=month).count()
        expected_num += min(done, 2)
    assert (metric.numerator, metric.denominator) == (expected_num, 24)
    assert len(metric.record_ids) == expected_num


def test_same_case_different_penalty_groups_read_the_decisions_in_one_query(demo, known):
    facts = {"first_violation": True, "corrected": "immediately", "harm": "none"}
    orgs = [demo.org("SM-YJJ").pk]
    period = Period(PeriodKind.MONTH, 2025, 3)
    for day, idx in ((3, 1), (4, 2)):
        add_finding(demo, known, "SM-YJJ", "sm_officer1", dt.date(2025, 3, day), "no_penalty", facts=facts,
                    violation_index=3, party_index=idx)
    few = _queries(lambda: consistency.groups(orgs, period))
    for day, idx in ((5, 1), (6, 2), (7, 1), (8, 2)):
        add_finding(demo, known, "SM-YJJ", "sm_officer2", dt.date(2025, 3, day), "standard", facts=facts,
                    violation_index=3, party_index=idx)
    groups = consistency.groups(orgs, period)
    assert sum(len(g.rows) for g in groups) >= 6
    assert _queries(lambda: consistency.groups(orgs, period)) == few == 1

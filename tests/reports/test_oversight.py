"""五个百分之百, the 721 ratio and the 同案异罚 warning on known data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rouxing.reports import consistency, oversight
from rouxing.reports.definition import Period, PeriodKind

from .conftest import add_finding

D = dt.date


def order_for(demo, finding):
    from rouxing.cases.models import RectificationOrder

    return RectificationOrder.objects.create(org=finding.org, finding=finding, issued_on=finding.found_on, period=10,
                                             deadline=finding.found_on + dt.timedelta(days=14), requirements="整改",
                                             issued_by=demo.user("sm_officer1"))


def closed_case(demo, org_code="SM-YJJ", closed_on=D(2025, 8, 8), *, decided_on=None, reviewed_days_before=1,
                evidence=True, publicity_days=5):
    """A closed case; with `decided_on` it has a penalty decision, a legal review and optionally evidence."""
    from rouxing.cases.models import Case, EvidenceFile, LegalReview, PenaltyDecision
    from rouxing.core.workdays import add_workdays

    org = demo.org(org_code)
    user = demo.user("sm_officer1") if org_code == "SM-YJJ" else demo.user("mx_officer1")
    # a penalty case registered 30 days and notified (10,000 元) 20 days before its decision: the procedure
    # gates hold, so only review order, evidence and publicity decide the rate
    registered = decided_on - dt.timedelta(days=30) if decided_on else D(2025, 6, 1)
    case = Case.objects.create(org=org, party=demo.party(org_code), title="未按规定开展安全培训", registered_on=registered,
                               registered_by=user, status=Case.Status.CLOSED, closed_on=closed_on,
                               proposed_outcome="standard", proposed_fine=10000,
                               notified_on=registered + dt.timedelta(days=10),
                               statement_deadline=registered + dt.timedelta(days=15))
    if decided_on is not None:
        reviewed_at = timezone.make_aware(dt.datetime.combine(decided_on - dt.timedelta(days=reviewed_days_before),
                                                              dt.time(10)))
        review = LegalReview.objects.create(case=case, submitted_by=user, submitted_at=reviewed_at,
                                            result=LegalReview.Result.APPROVED, reviewer=user, reviewed_at=reviewed_at)
        PenaltyDecision.objects.create(case=case, legal_review=review, outcome="standard", fine_amount=10000,
                                       reasoning="说理", decided_on=decided_on, decided_by=user,
                                       publicity_deadline=add_workdays(decided_on, 7),
                                       published_at=timezone.make_aware(dt.datetime.combine(
                                           add_workdays(decided_on, publicity_days), dt.time(9))))
        if evidence:
            EvidenceFile.objects.create(org=org, case=case, original_name="现场.jpg", sha256="a" * 64, size=1,
                                        content_type="image/jpeg", kind="jpg", uploaded_by=user)
    return case


def test_a_decision_failing_a_procedure_gate_is_not_three_systems_compliant(demo, period_2025):
    # given two otherwise compliant decisions, one stored with a fine above the notified 10,000 元 and
    # one made on the day of the 告知 (before the 陈述申辩 period ended)
    from rouxing.cases.models import Case, PenaltyDecision
    from rouxing.cases.services.procedure import decision_flags

    good = closed_case(demo, decided_on=D(2025, 7, 1))
    heavier = closed_case(demo, decided_on=D(2025, 7, 2))
    PenaltyDecision.objects.filter(case=heavier).update(fine_amount=25000)
    early = closed_case(demo, decided_on=D(2025, 7, 3))
    Case.objects.filter(pk=early.pk).update(notified_on=D(2025, 7, 3), statement_deadline=D(2025, 7, 8))
    # then only the first counts, and the flags name the rules
    metric = oversight.three_systems([demo.org("SM-YJJ").pk], period_2025)
    assert metric.record_ids == [good.pk] and set(metric.missing_ids) == {heavier.pk, early.pk}
    assert any("第四十五条" in f for f in decision_flags(PenaltyDecision.objects.get(case=heavier)))
    assert any("陈述申辩期限" in f for f in decision_flags(PenaltyDecision.objects.get(case=early)))


def test_721_on_known_data(demo, known, period_2025):
    # given 三明 in 2025: 不予处罚 (service), 从轻 and 一般 (enforcement), an undecided problem under a
    # rectification order (management), and stand-alone 说服教育×2, 行政指导×2 (service), 行政约谈 (management)
    from rouxing.cases.models import Finding

    undecided = Finding.objects.get(org__code="SM-YJJ", decided_on__isnull=True)
    order_for(demo, undecided)
    # when
    result = oversight.ratio_721([demo.org("SM-YJJ").pk], period_2025)
    # then
    counts = {t["key"]: t["count"] for t in result["tiers"]}
    assert counts == {"service": 5, "management": 2, "enforcement": 2}
    assert result["total"] == 9
    assert [t["share_text"] for t in result["tiers"]] == ["55.6%", "22.2%", "22.2%"]


def test_721_excludes_return_visits_and_counts_county_measures(demo, known, period_2025):
    result = oversight.ratio_721([demo.org("MX-YJJ").pk], period_2025)
    # 减轻 (enforcement), 不予处罚 (service), 行政建议, 行政提示, 其他 (service); 行政回访 not an issue
    assert {t["key"]: t["count"] for t in result["tiers"]} == {"service": 4, "management": 0, "enforcement": 1}


@pytest.mark.parametrize("outcome,penalty,order,commitment,methods,tier", [
    ("no_penalty", False, False, False, {"persuasion"}, "service"),
    ("no_penalty", False, True, False, set(), "management"),
    ("no_penalty", False, False, True, set(), "management"),
    ("no_penalty", False, False, False, {"admonition"}, "management"),
    ("lighter", False, True, False, set(), "enforcement"),
    ("", True, False, False, set(), "enforcement"),
])
def test_721_tier_of_a_problem_is_the_strongest_means_used(outcome, penalty, order, commitment, methods, tier):
    assert oversight.tier_of_finding(outcome=outcome, has_penalty=penalty, has_order=order,
                                     has_commitment=commitment, methods=methods) == tier


def test_plan_completion_counts_months_begun_and_caps_each_month(demo, known, period_2025):
    from rouxing.plans.models import InspectionPlan

    # given an approved plan of one inspection a month, and planned inspections in Apr, May, Jun (and Oct)
    InspectionPlan.objects.create(org=demo.org("SM-YJJ"), year=2025, title="计划", monthly_targets=[1] * 12,
                                  status=InspectionPlan.Status.APPROVED, created_by=demo.user("sm_approver"))
    add_finding(demo, known, "SM-YJJ", "sm_officer1", D(2025, 4, 20), "no_penalty", party_index=5)  # 2nd in April
    # when measured on 15 June: Jan-Jun planned (6), done Apr, May, Jun (April capped at 1)
    metric = oversight.plan_completion([demo.org("SM-YJJ").pk], period_2025, D(2025, 6, 15))
    assert (metric.numerator, metric.denominator, metric.percent) == (3, 6, "50.0%")
    # and at the year's end: 4 of 12
    metric = oversight.plan_completion([demo.org("SM-YJJ").pk], period_2025, D(2025, 12, 31))
    assert (metric.numerator, metric.denominator) == (4, 12)


def test_onsite_disposal_and_investigation_rates(demo, known, period_2025):
    from rouxing.cases.models import Finding

    ids = [demo.org("SM-YJJ").pk]
    undecided = Finding.objects.get(org__code="SM-YJJ", decided_on__isnull=True)
    # given 4 problems found in 2025, 3 decided, 1 without any disposal
    onsite = oversight.onsite_disposal(ids, period_2025)
    assert (onsite.numerator, onsite.denominator, onsite.missing_ids) == (3, 4, [undecided.pk])
    investigated = oversight.investigated(ids, period_2025)
    assert (investigated.numerator, investigated.denominator) == (3, 4)
    # when the open problem gets a rectification order, on-site disposal reaches 100%
    order_for(demo, undecided)
    onsite = oversight.onsite_disposal(ids, period_2025)
    assert onsite.percent == "100.0%" and onsite.met is True
    assert oversight.investigated(ids, period_2025).met is False


def test_three_systems_rate_needs_review_first_evidence_and_timely_publicity(demo, period_2025):
    good = closed_case(demo, decided_on=D(2025, 7, 1))
    closed_case(demo, decided_on=D(2025, 7, 2), evidence=False)
    closed_case(demo, decided_on=D(2025, 7, 3), reviewed_days_before=-1)  # review after the decision
    closed_case(demo, decided_on=D(2025, 7, 4), publicity_days=9)  # publicity later than 7 working days
    metric = oversight.three_systems([demo.org("SM-YJJ").pk], period_2025)
    assert (metric.numerator, metric.denominator, metric.record_ids) == (1, 4, [good.pk])


def test_supervision_coverage_counts_reviewed_closed_cases(demo, period_2025):
    from rouxing.reports import services
    from rouxing.reports.models import REVIEW_MAX

    reviewed = closed_case(demo)
    closed_case(demo)
    services.case_file_review_record(user=demo.user("sm_supervisor"), case=reviewed, scores=dict(REVIEW_MAX),
                                     reviewed_on=D(2025, 12, 1))
    metric = oversight.supervision_coverage([demo.org("SM-YJJ").pk], period_2025)
    assert (metric.numerator, metric.denominator, metric.percent) == (1, 2, "50.0%")


def test_five_metrics_are_listed_in_the_seed_order(demo, period_2025):
    names = [m.name for m in oversight.five_hundred_percent([demo.org("SM-YJJ").pk], period_2025, D(2025, 12, 31))]
    assert names == ["年度执法计划完成率", "执法检查现场处置率", "已查实违法行为查处率", "行政执法“三项制度”执行率",
                     "执法监督覆盖率"]


def test_same_violation_same_facts_different_outcomes_is_flagged(demo, known):
    facts = {"first_violation": True, "corrected": "immediately", "harm": "none"}
    # given the same violation with the same facts: 不予处罚 by 林建平 (三明), 一般处罚 by 廖永强 (明溪)
    add_finding(demo, known, "SM-YJJ", "sm_officer1", D(2025, 3, 3), "no_penalty", facts=facts, violation_index=3)
    add_finding(demo, known, "MX-YJJ", "mx_officer1", D(2025, 3, 4), "standard", facts=facts, violation_index=3,
                party_index=2)
    # and a consistent pair of another violation
    for org, officer, day, idx in (("SM-YJJ", "sm_officer1", 5, 1), ("SM-YJJ", "sm_officer2", 6, 2)):
        add_finding(demo, known, org, officer, D(2025, 3, day), "no_penalty", facts=facts, violation_index=4,
                    party_index=idx)
    groups = consistency.groups([demo.org("SM-YJJ").pk, demo.org("MX-YJJ").pk], Period(PeriodKind.MONTH, 2025, 3))
    flagged = [g for g in groups if g.flagged]
    assert len(flagged) == 1 and len(groups) == 2
    g = flagged[0]
    assert g.outcomes == {"no_penalty": 1, "standard": 1}
    assert g.by("org") == {"三明市应急管理局": {"no_penalty": 1}, "明溪县应急管理局": {"standard": 1}}
    assert set(g.by("officer")) == {"林建平", "廖永强"}
    assert "处理结果不同" in g.reasons[0]


def test_fine_spread_beyond_twice_is_flagged():
    group = consistency.Group("V1", "违法行为", consistency.signature({}), rows=[
        {"outcome": "standard", "fine": 10000, "officer": "甲", "org": "A"},
        {"outcome": "standard", "fine": 30000, "officer": "乙", "org": "B"},
    ])
    assert group.flagged and "3.0倍" in group.reasons[0]
    group.rows[1]["fine"] = 20000
    assert not group.flagged

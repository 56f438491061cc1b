"""Annual inspection plans, reproducible 双随机 draws and 案卷评议 scoring."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rouxing.plans import planning
from rouxing.plans import selectors as plan_selectors
from rouxing.plans import services as plan_services
from rouxing.plans.models import InspectionPlan, RandomDraw
from rouxing.reports import services
from rouxing.reports.models import REVIEW_MAX, CaseFileReview

from .test_oversight import closed_case


def test_draw_is_reproducible_from_pools_and_seed():
    parties, officers = list(range(100, 130)), [1, 2, 3, 4, 5]
    first = planning.draw(party_pool=parties, officer_pool=officers, seed=42, party_count=5)
    again = planning.draw(party_pool=list(reversed(parties)), officer_pool=officers, seed=42, party_count=5)
    other = planning.draw(party_pool=parties, officer_pool=officers, seed=43, party_count=5)
    assert first == again
    assert first.party_ids != other.party_ids
    assert len(set(first.party_ids)) == 5 and len(first.officer_ids) == 10
    for i in range(5):  # two different officers per party
        assert first.officer_ids[2 * i] != first.officer_ids[2 * i + 1]


def test_draw_larger_than_the_pool_is_refused():
    with pytest.raises(ValueError, match="名录库只有 3 家"):
        planning.draw(party_pool=[1, 2, 3], officer_pool=[1, 2], seed=1, party_count=4)


def test_plan_and_recorded_draw_excludes_key_parties_and_can_be_rechecked(demo):
    from rouxing.parties.models import Party

    org = demo.org("SM-YJJ")
    key_party = demo.party("SM-YJJ")
    plan = plan_services.inspection_plan_save(user=demo.user("sm_approver"), org=org, year=2025, title="2025年度计划",
                                         monthly_targets=[2] * 12, key_party_ids=[key_party.pk])
    draw = plan_services.random_draw_perform(user=demo.user("sm_officer1"), plan=plan, month=3, party_count=3, seed=7)
    stored = RandomDraw.objects.get(pk=draw.pk)
    assert key_party.pk not in stored.party_pool and key_party.pk not in stored.party_ids
    assert set(stored.party_pool) == set(Party.objects.filter(org=org).exclude(pk=key_party.pk)
                                         .values_list("pk", flat=True))
    recheck = planning.draw(party_pool=stored.party_pool, officer_pool=stored.officer_pool, seed=stored.seed,
                            party_count=3)
    assert recheck.party_ids == stored.party_ids and recheck.pool_digest == stored.pool_digest


def test_plan_with_bad_targets_is_refused_and_nothing_saved(demo):
    with pytest.raises(ValidationError, match="1–12 月"):
        plan_services.inspection_plan_save(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), year=2025, title="计划",
                                      monthly_targets=[1] * 11)
    assert not InspectionPlan.objects.exists()


def test_approved_plan_changes_only_with_a_reason(demo):
    user, org = demo.user("sm_approver"), demo.org("SM-YJJ")
    plan = plan_services.inspection_plan_save(user=user, org=org, year=2025, title="计划", monthly_targets=[1] * 12)
    plan_services.inspection_plan_approve(user=user, plan=plan)
    with pytest.raises(ValidationError, match="调整理由"):
        plan_services.inspection_plan_save(user=user, org=org, year=2025, title="计划", monthly_targets=[2] * 12)
    plan.refresh_from_db()
    assert plan.monthly_targets == [1] * 12 and plan.status == InspectionPlan.Status.APPROVED
    plan_services.inspection_plan_save(user=user, org=org, year=2025, title="计划", monthly_targets=[2] * 12,
                                  note="汛期增加检查")
    plan.refresh_from_db()
    assert plan.planned_total == 24 and plan.status == InspectionPlan.Status.DRAFT


def test_supervisor_scores_a_closed_case_of_a_supervised_bureau(demo):
    case = closed_case(demo)
    scores = dict(REVIEW_MAX)
    scores["facts"] = 12
    review = services.case_file_review_record(user=demo.user("sm_supervisor"), case=case, scores=scores,
                                              reviewed_on=dt.date(2025, 12, 1))
    assert (review.total, review.grade) == (92, CaseFileReview.Grade.EXCELLENT)
    with pytest.raises(ValidationError, match="本年度已评议"):
        services.case_file_review_record(user=demo.user("sm_supervisor"), case=case, scores=scores,
                                         reviewed_on=dt.date(2025, 12, 2))


def test_supervisor_of_another_justice_bureau_cannot_score(demo):
    case = closed_case(demo, "MX-YJJ")  # 明溪 is supervised by 明溪县司法局, not 三明市司法局
    with pytest.raises(PermissionDenied):
        services.case_file_review_record(user=demo.user("sm_supervisor"), case=case, scores=dict(REVIEW_MAX))
    assert not CaseFileReview.objects.exists()


def test_score_above_the_item_maximum_is_refused(demo):
    case = closed_case(demo)
    scores = dict(REVIEW_MAX)
    scores["law"] = 16
    with pytest.raises(ValidationError, match="0–15 分"):
        services.case_file_review_record(user=demo.user("sm_supervisor"), case=case, scores=scores)


def test_open_case_cannot_be_reviewed(demo):
    from rouxing.cases.models import Case

    case = closed_case(demo)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.INVESTIGATING)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="已结案"):
        services.case_file_review_record(user=demo.user("sm_supervisor"), case=case, scores=dict(REVIEW_MAX))


def test_draw_progress_counts_completed_inspections_of_drawn_parties_after_the_draw(demo):
    # given a draw of three parties made on 2025-02-20 for March
    import time_machine
    from django.urls import reverse

    from rouxing.cases import services as cases_svc
    from rouxing.parties.models import Party

    org, officer = demo.org("SM-YJJ"), demo.user("sm_officer1")
    plan = plan_services.inspection_plan_save(user=demo.user("sm_approver"), org=org, year=2025, title="2025年度计划",
                                         monthly_targets=[2] * 12)
    with time_machine.travel(dt.datetime(2025, 2, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        draw = plan_services.random_draw_perform(user=officer, plan=plan, month=3, party_count=3, seed=7)
    first, second, _third = (Party.objects.get(pk=pk) for pk in draw.party_ids)
    other = Party.objects.filter(org=org).exclude(pk__in=draw.party_ids).first()
    officers = [officer, demo.user("sm_officer2")]

    def inspect(party, on, complete=True):
        inspection = cases_svc.inspection_create(user=officer, party=party, inspected_on=on, place="厂区",
                                                 officers=officers)
        if complete:
            cases_svc.inspection_complete(user=officer, inspection=inspection, expected_version=inspection.lock_version)

    # when the first is inspected in March, the second only before the draw and in an unfinished visit, and
    # a party not drawn is inspected too
    inspect(first, dt.date(2025, 3, 10))
    inspect(second, dt.date(2025, 2, 1))
    inspect(second, dt.date(2025, 3, 12), complete=False)
    inspect(other, dt.date(2025, 3, 11))
    # then only the first counts, and the plan page says so with the names still to inspect
    done, missing = plan_selectors.draw_inspections(draw)
    assert done == [first.pk] and missing == draw.party_ids[1:]
    page = demo.client("sm_officer1").get(reverse("plans:plan", args=[plan.pk])).content.decode()
    progress = page.split('class="draw-progress"')[1].split("</span>")[0]
    assert "已检查 1/3 户" in progress and second.name in progress and first.name not in progress

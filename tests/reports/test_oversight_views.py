"""Pages of oversight: definitions shown, plans with a draw through the page, 案卷评议 through the page."""

from __future__ import annotations

from django.urls import reverse

from rouxing.plans.models import InspectionPlan, RandomDraw
from rouxing.reports.models import REVIEW_CHECKLIST, CaseFileReview

from .test_oversight import closed_case


def test_oversight_page_states_each_definition(demo, known):
    page = demo.client("sm_supervisor").get(reverse("reports:oversight") + "?period=2025").content.decode()
    for name in ("年度执法计划完成率", "执法检查现场处置率", "已查实违法行为查处率", "三项制度", "执法监督覆盖率"):
        assert name in page
    assert "÷" in page and "服务70%、管理20%、执法10%" in page and "同案异罚预警" in page


def test_officer_saves_a_plan_and_draws_through_the_pages(demo):
    client = demo.client("sm_officer1")
    data = {"year": 2025, "title": "三明市应急管理局2025年度监督检查计划", "note": "",
            **{f"m{m}": 3 for m in range(1, 13)}}
    response = client.post(reverse("plans:plans"), data)
    plan = InspectionPlan.objects.get(org__code="SM-YJJ", year=2025)
    assert response.status_code == 302 and plan.planned_total == 36
    response = client.post(reverse("plans:plan", args=[plan.pk]), {"month": 4, "party_count": 2})
    assert response.status_code == 302
    draw = RandomDraw.objects.get(plan=plan)
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert str(draw.seed) in page and "4月" in page


def test_plan_with_a_negative_month_keeps_what_was_typed(demo):
    data = {"year": 2025, "title": "计划草稿甲", "note": "", **{f"m{m}": 1 for m in range(1, 13)}}
    data["m5"] = -1
    response = demo.client("sm_officer1").post(reverse("plans:plans"), data)
    body = response.content.decode()
    assert response.status_code == 200 and "计划检查数不能小于 0" in body and "计划草稿甲" in body
    assert not InspectionPlan.objects.exists()


def test_draw_larger_than_the_party_list_shows_the_reason(demo):
    from rouxing.plans import services

    plan = services.inspection_plan_save(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), year=2025,
                                         title="计划", monthly_targets=[1] * 12)
    response = demo.client("sm_officer1").post(reverse("plans:plan", args=[plan.pk]),
                                               {"month": 1, "party_count": 999})
    assert response.status_code == 200 and "检查对象名录库只有" in response.content.decode()
    assert not RandomDraw.objects.exists()


def test_other_bureaus_plan_is_404(demo):
    from rouxing.plans import services

    plan = services.inspection_plan_save(user=demo.user("cj_approver"), org=demo.org("CJ-YJJ"), year=2025,
                                         title="计划", monthly_targets=[1] * 12)
    assert demo.client("sm_officer1").get(reverse("plans:plan", args=[plan.pk])).status_code == 404


def test_supervisor_reviews_a_case_through_the_page_and_sees_the_rollup(demo):
    case = closed_case(demo)
    client = demo.client("sm_supervisor")
    assert reverse("reports:review_case", args=[case.pk]) in client.get(reverse("reports:reviews")).content.decode()
    data = {f"s_{key}": points for key, _label, points in REVIEW_CHECKLIST}
    data["s_documents"] = 5
    data["comments"] = "文书编号不全"
    response = client.post(reverse("reports:review_case", args=[case.pk]), data)
    assert response.status_code == 302
    assert CaseFileReview.objects.get(case=case).total == 95
    page = client.get(reverse("reports:reviews")).content.decode()
    assert 'id="review-rollup"' in page and "95.0" in page


def test_officer_cannot_open_the_review_form(demo):
    case = closed_case(demo)
    assert demo.client("sm_officer1").get(reverse("reports:review_case", args=[case.pk])).status_code == 403


def test_supervisor_of_another_justice_bureau_gets_404_on_the_review_form(demo):
    case = closed_case(demo, "MX-YJJ")
    assert demo.client("sm_supervisor").get(reverse("reports:review_case", args=[case.pk])).status_code == 404


def test_plan_page_shows_planned_and_completed_per_month(demo, known):
    import re

    from rouxing.plans import services

    # given a plan of 2 a month for 2025; 三明's known data has planned inspections in Apr, May, Jun, Oct
    plan = services.inspection_plan_save(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), year=2025,
                                         title="计划", monthly_targets=[2] * 12)
    page = demo.client("sm_officer1").get(reverse("plans:plan", args=[plan.pk])).content.decode()
    done_row = re.search(r"<tr><th>已完成</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(\d+)</td>", done_row) == ["0", "0", "0", "1", "1", "1", "0", "0", "0", "1", "0", "0"]

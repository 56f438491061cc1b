"""Public pages of 行政处罚决定公示 and 双随机一公开: only published, never withdrawn, no personal numbers."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client

from rouxing.cases import services as case_services
from rouxing.plans import planning
from rouxing.plans import services as plan_services

pytestmark = pytest.mark.django_db
PERSON_ID = "350402199003071234"
PERSON_PHONE = "13905981234"


def _decision(demo, party, *, number: str, outcome="standard", fine=20000):
    """A decided case of 三明 with an approved review (records as the case services leave them)."""
    from rouxing.cases.models import Case, LegalReview, PenaltyDecision
    from rouxing.lists.models import Violation

    officer = demo.user("sm_officer1")
    violation, _ = Violation.objects.get_or_create(code="TEST-PORTAL-097-04", defaults={
        "name": "未如实记录安全生产教育和培训情况的（公示测试）",
        "breaks": [{"law": "中华人民共和国安全生产法", "article": 28, "paragraph": 4}],
        "penalty": [{"law": "中华人民共和国安全生产法", "article": 97, "item": 4}]})
    case = Case.objects.create(org=party.org, party=party, number=number.replace("罚决", "立"), title=violation.name,
                               registered_on=dt.date(2024, 10, 20), registered_by=officer, status="decided")
    from rouxing.cases.models import Finding, Inspection

    inspection = Inspection.objects.create(org=party.org, party=party, inspected_on=dt.date(2024, 10, 1), place="车间",
                                           created_by=officer)
    Finding.objects.create(org=party.org, inspection=inspection, party=party, violation=violation,
                           found_on=dt.date(2024, 10, 1), description=f"身份证{PERSON_ID}电话{PERSON_PHONE}",
                           basis="b", cause="c", suggested_fix="s", recorded_by=officer, case=case, status="escalated")
    review = LegalReview.objects.create(case=case, submitted_by=officer, submitted_at="2024-11-01T09:00:00+08:00",
                                        result="approved", reviewer=demo.user("sm_reviewer"))
    return PenaltyDecision.objects.create(case=case, legal_review=review, number=number, outcome=outcome,
                                          fine_amount=fine, reasoning=f"当事人身份证号码{PERSON_ID}",
                                          decided_on=dt.date(2024, 11, 5), decided_by=officer,
                                          publicity_deadline=dt.date(2024, 11, 14))


def _publish(demo, decision):
    return case_services.decision_publish(user=demo.user("sm_officer1"), decision=decision,
                                          expected_version=decision.lock_version)


@pytest.fixture
def person(demo):
    from rouxing.parties.models import Party

    return Party.objects.create(org=demo.org("SM-YJJ"), kind="person", name="张三丰", id_number=PERSON_ID,
                                phone=PERSON_PHONE, address="三明市某路1号")


def test_only_published_not_withdrawn_penalties_are_listed(demo):
    # given four decisions of 三明: published, unpublished, published then withdrawn, and a 不予处罚
    enterprise = demo.party("SM-YJJ", kind="enterprise")
    shown = _publish(demo, _decision(demo, enterprise, number="明应急罚决〔2024〕P1号"))
    _decision(demo, enterprise, number="明应急罚决〔2024〕P2号")
    withdrawn = _publish(demo, _decision(demo, enterprise, number="明应急罚决〔2024〕P3号"))
    case_services.decision_publicity_withdraw(user=demo.user("sm_officer1"), decision=withdrawn,
                                              expected_version=withdrawn.lock_version, reason="公示期满")
    _decision(demo, enterprise, number="明应急罚决〔2024〕P4号", outcome="no_penalty", fine=0)
    # when anyone opens the bureau's page without logging in
    page = Client().get("/public/decisions/bureaus/SM-YJJ/")
    text = page.content.decode()
    # then only the published one is there, with the public fields
    assert page.status_code == 200
    assert "P1号" in text and "P2号" not in text and "P3号" not in text and "P4号" not in text
    assert enterprise.name in text and enterprise.uscc in text
    assert "罚款20000元" in text and "2024-11-05" in text
    assert "《中华人民共和国安全生产法》第97条第4项" in text
    assert Client().get(f"/public/decisions/{shown.pk}/").status_code == 200
    assert Client().get(f"/public/decisions/{withdrawn.pk}/").status_code == 404


def test_unpublished_decision_detail_is_404(demo):
    decision = _decision(demo, demo.party("SM-YJJ", kind="enterprise"), number="明应急罚决〔2024〕P5号")
    assert Client().get(f"/public/decisions/{decision.pk}/").status_code == 404


def test_natural_person_is_shown_as_surname_without_id_or_phone(demo, person):
    decision = _publish(demo, _decision(demo, person, number="明应急罚决〔2024〕P6号"))
    for url in ("/public/decisions/bureaus/SM-YJJ/", f"/public/decisions/{decision.pk}/", "/public/decisions/"):
        text = html.unescape(Client().get(url).content.decode())
        assert PERSON_ID not in text and PERSON_ID[:6] + "********" not in text
        assert PERSON_PHONE not in text and "张三丰" not in text and "三明市某路1号" not in text
    detail = Client().get(f"/public/decisions/{decision.pk}/").content.decode()
    assert "张某" in detail and "统一社会信用代码" not in detail


def test_no_eighteen_digit_id_or_mobile_number_on_any_public_decision_page(demo, person):
    _publish(demo, _decision(demo, person, number="明应急罚决〔2024〕P7号"))
    text = Client().get("/public/decisions/bureaus/SM-YJJ/").content.decode()
    assert not re.search(r"(?<!\d)\d{17}[\dXx](?!\d)", text)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)


@pytest.fixture
def draw(demo):
    plan = plan_services.inspection_plan_save(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), year=2025,
                                                title="2025年度计划", monthly_targets=[2] * 12, key_party_ids=[])
    return plan_services.random_draw_perform(user=demo.user("sm_officer1"), plan=plan, month=3, party_count=2,
                                               seed=20250301)


def test_unpublished_draw_is_not_public(demo, draw):
    assert Client().get(f"/public/draws/{draw.pk}/").status_code == 404
    assert f"/public/draws/{draw.pk}/" not in Client().get("/public/draws/").content.decode()


def test_published_draw_can_be_reproduced_from_the_page(demo, draw):
    # given the officer publishes the draw
    response = demo.client("sm_officer1").post(f"/reports/draws/{draw.pk}/publish/")
    assert response.status_code == 302
    # when anyone reads the seed and pools on the public page and re-runs the published method
    text = Client().get(f"/public/draws/{draw.pk}/").content.decode()
    seed = int(re.search(r'id="seed">(\d+)<', text).group(1))
    parties = [int(x) for x in re.search(r'id="party-pool">([\d,]*)<', text).group(1).split(",")]
    officers = [int(x) for x in re.search(r'id="officer-pool">([\d,]*)<', text).group(1).split(",")]
    again = planning.draw(party_pool=parties, officer_pool=officers, seed=seed, party_count=2)
    # then they get the parties and officers the page lists, and the page says so
    assert again.party_ids == draw.party_ids and again.officer_ids == draw.officer_ids
    assert "结果与公布结果一致" in text
    assert not re.search(r"(?<!\d)\d{17}[\dXx](?!\d)", text) and not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)
    for party_id in draw.party_ids:
        assert f"<td>{party_id}</td>" in text
    assert f"/public/draws/{draw.pk}/" in Client().get("/public/draws/").content.decode()


def test_tampered_draw_is_flagged_on_the_public_page(demo, draw):
    from rouxing.plans.models import RandomDraw

    plan_services.random_draw_publish(user=demo.user("sm_officer1"), draw=draw)
    RandomDraw.objects.filter(pk=draw.pk).update(party_ids=list(reversed(draw.party_ids)))
    text = Client().get(f"/public/draws/{draw.pk}/").content.decode()
    assert "不一致" in text


def test_draw_shows_the_inspections_done_for_it(demo, draw):
    from rouxing.cases.models import Inspection
    from rouxing.parties.models import Party

    plan_services.random_draw_publish(user=demo.user("sm_officer1"), draw=draw)
    party = Party.objects.get(pk=draw.party_ids[0])
    Inspection.objects.create(org=party.org, party=party, kind="planned", inspected_on=dt.date(2025, 3, 12),
                              place="厂区", status="completed", created_by=demo.user("sm_officer1"))
    text = Client().get(f"/public/draws/{draw.pk}/").content.decode()
    assert "2025-03-12 检查完毕，未发现问题" in text and "尚未检查" in text


@pytest.mark.parametrize("username,status", [("sm_supervisor", 403), ("mx_officer1", 404), ("sm_reviewer", 403)])
def test_others_cannot_publish_a_draw(demo, draw, username, status):
    from rouxing.plans.models import RandomDraw

    response = demo.client(username).post(f"/reports/draws/{draw.pk}/publish/")
    assert response.status_code == status
    assert RandomDraw.objects.get(pk=draw.pk).published is False


def test_drawn_natural_person_is_masked_on_the_draw_page(demo, person):
    from django.utils import timezone

    from rouxing.plans.models import RandomDraw

    plan = plan_services.inspection_plan_save(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), year=2025,
                                                title="2025年度计划", monthly_targets=[1] * 12, key_party_ids=[])
    officers = [demo.user("sm_officer1").pk, demo.user("sm_officer2").pk]
    result = planning.draw(party_pool=[person.pk], officer_pool=officers, seed=5, party_count=1)
    draw = RandomDraw.objects.create(plan=plan, month=4, seed=5, party_pool=[person.pk], officer_pool=officers,
                                     party_ids=result.party_ids, officer_ids=result.officer_ids,
                                     pool_digest=result.pool_digest, drawn_at=timezone.now(),
                                     drawn_by=demo.user("sm_officer1"), published=True)
    text = html.unescape(Client().get(f"/public/draws/{draw.pk}/").content.decode())
    assert "张某" in text and "张三丰" not in text and PERSON_ID not in text and PERSON_PHONE not in text
    assert "结果与公布结果一致" in text

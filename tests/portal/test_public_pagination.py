"""The public lists page through every row: no bureau's published draws or decisions are cut off, and
the number of queries of a page does not grow with the number of rows."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rouxing.plans.models import InspectionPlan, RandomDraw
from rouxing.portal.views_publicity import PAGE_SIZE


def _publish_draws(demo, org_code: str, n: int, year: int = 2025) -> None:
    org = demo.org(org_code)
    officer = org.users.filter(role="officer").first()
    plan = InspectionPlan.objects.filter(org=org, year=year).first() or InspectionPlan.objects.create(
        org=org, year=year, title=f"{year}年度计划（分页测试）", monthly_targets=[1] * 12, key_party_ids=[],
        created_by=officer)
    RandomDraw.objects.bulk_create([
        RandomDraw(plan=plan, month=1 + i % 12, seed=i, party_pool=[], officer_pool=[], party_ids=[],
                   officer_ids=[], pool_digest=f"{i:064d}", drawn_at=timezone.now(), drawn_by=officer,
                   published=True) for i in range(n)])


def test_every_published_draw_is_reachable_page_by_page(demo):
    before = RandomDraw.objects.filter(published=True, plan__org__kind="enforcement").count()
    _publish_draws(demo, "SM-YJJ", 70)
    _publish_draws(demo, "CJ-YJJ", 40)
    total = before + 110
    client = Client()
    first = client.get("/public/draws/").content.decode()
    assert f"共{total}条" in first
    pages = -(-total // PAGE_SIZE)
    seen = 0
    for number in range(1, pages + 1):
        text = client.get(f"/public/draws/?page={number}").content.decode()
        seen += len(re.findall(r'href="/public/draws/\d+/"', text))
    assert seen == total
    # a bureau's own draws, filtered, all of them (the 500-row cap by bureau code is gone)
    cj = client.get("/public/draws/?org=CJ-YJJ").content.decode()
    cj_total = RandomDraw.objects.filter(published=True, plan__org__code="CJ-YJJ").count()
    assert f"共{cj_total}条" in cj and "昌吉" in cj


def test_a_draws_page_takes_the_same_number_of_queries_with_more_rows(demo):
    client = Client()
    _publish_draws(demo, "SM-YJJ", 5)
    with CaptureQueriesContext(connection) as few:
        client.get("/public/draws/")
    _publish_draws(demo, "SM-YJJ", 200, year=2024)
    with CaptureQueriesContext(connection) as many:
        client.get("/public/draws/")
    assert len(many) == len(few)


def test_an_out_of_range_page_shows_the_last_page_not_an_error(demo):
    _publish_draws(demo, "SM-YJJ", PAGE_SIZE + 1)
    response = Client().get("/public/draws/?page=9999")
    assert response.status_code == 200 and "第" in response.content.decode() and "上一页" in response.content.decode()

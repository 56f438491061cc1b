"""Cases API list: paginated, filtered by status and search text, scoped to the token's bureau; calls
beyond the configured rate get 429 with a Chinese message (django-ninja throttling)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from rouxing.api.models import ApiToken
from rouxing.cases.models import Case


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


def _auth(user) -> dict:
    _, key = ApiToken.issue(user=user, name="测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_list_pages_through_every_case_of_the_bureau(client, sm):
    for _ in range(3):
        sm.case()
    headers = _auth(sm.officer)
    expected = Case.objects.filter(org=sm.org).count()
    assert expected >= 3
    first = client.get("/api/v1/cases/?page_size=2", **headers).json()
    assert first["count"] == expected and first["page_size"] == 2 and first["pages"] == -(-expected // 2)
    ids = []
    for number in range(1, first["pages"] + 1):
        ids += [c["id"] for c in client.get(f"/api/v1/cases/?page_size=2&page={number}", **headers).json()["items"]]
    assert sorted(ids) == sorted(Case.objects.filter(org=sm.org).values_list("pk", flat=True))


def test_page_size_is_capped(client, sm):
    body = client.get("/api/v1/cases/?page_size=100000", **_auth(sm.officer)).json()
    assert body["page_size"] == 200


def test_search_by_case_number_and_party_name(client, sm):
    case = sm.case()
    headers = _auth(sm.officer)
    by_number = client.get(f"/api/v1/cases/?q={case.number}", **headers).json()
    assert [c["id"] for c in by_number["items"]] == [case.pk]
    by_party = client.get(f"/api/v1/cases/?q={case.party.name}", **headers).json()
    assert case.pk in [c["id"] for c in by_party["items"]]
    assert all(c["party"] == case.party.name for c in by_party["items"])
    nothing = client.get("/api/v1/cases/?q=不存在的当事人名称", **headers).json()
    assert nothing["count"] == 0 and nothing["items"] == []


def test_calls_beyond_the_rate_are_refused_with_429_in_chinese(client, sm, settings):
    settings.ROUXING_API_RATE = "3/m"
    headers = _auth(sm.officer)
    codes = [client.get("/api/v1/cases/", **headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/cases/", **headers)
    assert refused.status_code == 429 and refused.json() == {"error": "请求过于频繁，请稍后再试。"}
    assert refused["Retry-After"] == "60"
    # another user keeps a budget of his own
    assert client.get("/api/v1/cases/", **_auth(sm.reviewer)).status_code == 200

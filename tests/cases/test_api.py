"""Cases API: scoped to the token's bureau; another bureau's case is 404; no token is 401."""

from rouxing.api.models import ApiToken


def _get(client, user, path):
    _, key = ApiToken.issue(user=user, name="测试")
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_case_detail_for_the_owning_bureau(client, sm):
    case = sm.case()
    response = _get(client, sm.officer, f"/api/v1/cases/{case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.number and body["findings"][0]["basis"].startswith("《安全生产法》")


def test_other_bureau_gets_404_and_empty_list(client, sm, demo):
    case = sm.case()
    other = demo.user("mx_officer1")
    assert _get(client, other, f"/api/v1/cases/{case.pk}").status_code == 404
    assert case.pk not in [c["id"] for c in _get(client, other, "/api/v1/cases/").json()["items"]]


def test_without_token_is_401(client, sm):
    assert client.get(f"/api/v1/cases/{sm.case().pk}").status_code == 401

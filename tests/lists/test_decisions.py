"""The decision entry points on the demo database: Python API, HTTP API (token, 422, OpenAPI), the
`rouxing decide` command, the 裁量助手 page, and reproducibility after a newer list version is published."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from rouxing.api.models import ApiToken
from rouxing.engine import ENGINE_VERSION, EngineInputError
from rouxing.lists.decisions import evaluate
from rouxing.lists.services import (
    item_update,
    version_create_draft,
    version_file,
    version_publish,
    version_submit,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/decisions/evaluate"
SM_NP2 = "生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的"


def sm_facts(**overrides) -> dict:
    """Seed 000 annex 1 item 2: a general enterprise, first violation, corrected within the deadline."""
    data = {"org": "三明市应急管理局", "date": "2024-06-01", "violation": SM_NP2,
            "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
            "corrected": "within_deadline", "harm": "none"}
    data.update(overrides)
    return data


def _token(demo, username="sm_officer1") -> str:
    return ApiToken.issue(user=demo.user(username), name="测试")[1]


def _post(client, payload, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return client.post(URL, data=body, content_type="application/json", **headers)


def test_python_api_decides_with_demo_lists(demo):
    decision = evaluate(sm_facts())
    assert decision["outcome"] == "no_penalty"
    assert decision["list_item"]["seq"] == 2
    assert decision["engine_version"] == ENGINE_VERSION
    assert decision["list_version"].startswith("SM-YJJ/2022-1")


def test_python_api_refuses_unknown_bureau(demo):
    with pytest.raises(EngineInputError) as err:
        evaluate(sm_facts(org="不存在的应急管理局"))
    assert err.value.field == "org"


def test_claimed_version_of_mingxi_cites_its_origin(demo):
    decision = evaluate(sm_facts(org="明溪县应急管理局"))
    assert decision["outcome"] == "no_penalty"
    assert decision["list_version"].startswith("MX-YJJ/")


def test_http_api_with_token_gives_the_same_decision(client, demo):
    response = _post(client, sm_facts(), _token(demo))
    assert response.status_code == 200
    assert response.json() == evaluate(sm_facts(), user=demo.user("sm_officer1"))


def test_http_api_without_token_is_refused(client, demo):
    response = _post(client, sm_facts())
    assert response.status_code == 401


def test_http_api_revoked_token_is_refused(client, demo):
    row, key = ApiToken.issue(user=demo.user("sm_officer1"), name="测试")
    ApiToken.objects.filter(pk=row.pk).update(revoked=True)
    assert _post(client, sm_facts(), key).status_code == 401


@pytest.mark.parametrize(("payload", "field"), [
    (sm_facts(colour="red"), "colour"),
    (sm_facts(party={"kind": "enterprise", "industry": "general", "size": 1}), "party.size"),
    (sm_facts(org="不存在的应急管理局"), "org"),
    (sm_facts(violation="不存在的违法行为"), "violation"),
    (sm_facts(date="2024-13-01"), "date"),
    (sm_facts(harm="a little"), "harm"),
])
def test_http_api_bad_input_is_422_in_chinese_naming_the_field(client, demo, payload, field):
    response = _post(client, payload, _token(demo))
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == field
    assert field in body["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"])


def test_http_api_invalid_json_is_422(client, demo):
    response = _post(client, "{not json", _token(demo))
    assert response.status_code == 422
    assert "JSON" in response.json()["error"]


def test_openapi_documents_the_facts_and_the_decision(client, demo):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"org", "violation", "party", "circumstances"} <= set(body["properties"])
    assert body["additionalProperties"] is False
    assert "422" in operation["responses"]


def test_cli_reads_standard_input_and_prints_the_decision(demo, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(sm_facts(), ensure_ascii=False)))
    out = io.StringIO()
    call_command("decide", "-", stdout=out)
    assert json.loads(out.getvalue())["outcome"] == "no_penalty"


def test_cli_reads_a_file(demo, tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(sm_facts(party={"kind": "enterprise", "industry": "mining"}), ensure_ascii=False),
                    encoding="utf-8")
    out = io.StringIO()
    call_command("decide", str(path), stdout=out)
    assert json.loads(out.getvalue())["exclusions"][0] == "high_risk_industry"


@pytest.mark.parametrize("raw", ["{bad json", json.dumps(sm_facts(colour="red")), "[1, 2]"])
def test_cli_bad_input_exits_2_with_chinese_message(demo, monkeypatch, capsys, raw):
    monkeypatch.setattr("sys.stdin", io.StringIO(raw))
    with pytest.raises(SystemExit) as exit_info:
        call_command("decide", "-", stdout=io.StringIO())
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("错误：")


def _publish_more_lenient_version(demo):
    """三明 drops the 一般行业 condition of annex 1 item 2 in a new version from 2025-01-01 (动态调整)."""
    admin = demo.user("sm_listadmin")
    draft = version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="2025-1", change_reason="扩大适用范围")
    item = draft.items.get(list_kind="no_penalty", seq=2)
    conditions = [c for c in item.conditions if c["id"] != "general_industry"]
    item_update(item=item, user=admin, data={"conditions": conditions}, reason="高危行业首违亦可不罚",
                expected_version=item.lock_version)
    version_submit(version=draft, user=admin)
    version_file(version=draft, user=demo.user("sm_supervisor"), filing_no="明司备〔2024〕9号",
                 filing_date=dt.date(2024, 12, 1))
    return version_publish(version=draft, user=admin, effective_from=dt.date(2025, 1, 1))


def test_stored_decision_is_reproduced_after_a_newer_version_is_published(demo):
    # given a decision for a mining company stored on 2024-06-01 (standard: 一般行业 only)
    stored = evaluate(sm_facts(party={"kind": "enterprise", "industry": "mining"}))
    assert stored["outcome"] == "standard"
    # when 三明 publishes a more lenient version from 2025
    _publish_more_lenient_version(demo)
    # then re-evaluating the stored facts with their date gives the same decision, same versions
    assert evaluate(stored["facts"]) == stored
    # and the new version applies to decisions dated after it took effect
    later = evaluate({**stored["facts"], "date": "2025-02-01"})
    assert later["outcome"] == "no_penalty"
    assert later["list_version"].startswith("SM-YJJ/2025-1")


def test_newer_more_lenient_version_applies_to_an_older_violation_art_37(demo):
    _publish_more_lenient_version(demo)
    decision = evaluate(sm_facts(date="2025-02-01", violation_date="2024-06-01",
                                 party={"kind": "enterprise", "industry": "mining"}))
    assert decision["outcome"] == "no_penalty"
    assert 37 in {b["article"] for b in decision["legal_basis"]}


def _assistant_post(client, org_name, **fields):
    data = {"violation": f"item:{fields.pop('violation')}", "date": "2024-06-01", "harm": "none",
            "corrected": "within_deadline", "first_violation": "true", **fields}
    return client.post("/lists/assistant/", data, HTTP_HX_REQUEST="true")


def test_assistant_page_shows_the_form(demo):
    response = demo.client("sm_officer1").get("/lists/assistant/")
    assert response.status_code == 200
    assert "裁量助手" in response.content.decode()


def test_assistant_outcome_changes_when_an_accident_is_ticked(demo):
    client = demo.client("sm_officer1")
    name = demo.org("SM-YJJ").list_versions.get(label="2022-1").items.get(list_kind="no_penalty", seq=2).name
    before = _assistant_post(client, "三明", violation=name).content.decode()
    after = _assistant_post(client, "三明", violation=name, circumstances=["accident", "major_hidden_danger"])
    assert "不予行政处罚" in before.split('id="outcome"')[1][:60]
    assert "不予行政处罚" not in after.content.decode().split('id="outcome"')[1][:60]


@pytest.mark.parametrize("username", ["sm_supervisor", "auditadmin"])
def test_assistant_is_refused_to_other_roles(demo, username):
    assert demo.client(username).get("/lists/assistant/").status_code == 403

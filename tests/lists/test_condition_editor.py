"""The condition editor (issue 14): rows in Chinese ⇄ structured conditions, declared facts with thresholds,
common conditions and scope exclusions per version, through the services, the pages and the real engine."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.urls import reverse

from rouxing.core.models import AuditEvent
from rouxing.lists import services
from rouxing.lists.decisions import evaluate
from rouxing.lists.editor import RowError, conditions_to_rows, parse_declared, rows_to_conditions
from rouxing.lists.models import ListItem, ListVersion

DEMO = Path(__file__).resolve().parents[2] / "src" / "rouxing" / "lists" / "demo"
BASIS = [{"law": "中华人民共和国行政处罚法", "article": 33, "paragraph": 1, "text": "不予行政处罚"}]
TRAINING = "已按照规定开展安全生产教育和培训，但未如实记录培训内容的"


@pytest.mark.parametrize("name", ["sanming.json", "mingxi.json", "changji.json"])
def test_demo_conditions_round_trip_through_the_editor_rows(name):
    data = json.loads((DEMO / name).read_text(encoding="utf-8"))
    for item in data["items"]:
        mode, rows = conditions_to_rows(item["conditions"], data["declared_facts"])
        assert rows_to_conditions(rows, mode, data["declared_facts"]) == item["conditions"], item["name"]


def test_rows_in_chinese_become_conditions_with_thresholds_and_any():
    declared = parse_declared([{"label": "涉及人员数", "type": "数值"}, {"label": "3年内发生过人员死亡的生产安全事故",
                                                                   "type": "是/否"}])
    assert [d["key"] for d in declared] == ["f1", "f2"]
    rows = [{"fact": "extra.f1", "op": "不大于（≤）", "value": "10"},
            {"fact": "改正情况", "op": "属于其一", "value": "当场/及时改正、责令限期改正后按期改正"},
            {"fact": "情节", "op": "不包含", "value": "发生生产安全事故"}]
    conditions = rows_to_conditions(rows, "all", declared)
    assert [c["when"] for c in conditions] == [
        {"fact": "extra.f1", "op": "lte", "value": 10},
        {"fact": "corrected", "op": "in", "value": ["immediately", "within_deadline"]},
        {"fact": "circumstances", "op": "lacks", "value": "accident"}]
    assert conditions[0]["label"] == "涉及人员数不大于10"
    assert [c["exclusion"] for c in conditions] == ["conditions_unmet", "not_corrected", "accident"]
    anyof = rows_to_conditions(rows[:2], "any", declared)
    assert len(anyof) == 1 and [leaf["fact"] for leaf in anyof[0]["when"]["any"]] == ["extra.f1", "corrected"]
    assert conditions_to_rows(anyof, declared)[0] == "any"


@pytest.mark.parametrize(("row", "column", "words"), [
    ({"fact": "天气", "op": "为", "value": "是"}, "事实", "未知的事实"),
    ({"fact": "初次违法（首次被发现）", "op": "不大于（≤）", "value": "1"}, "运算", "不能用运算"),
    ({"fact": "危害后果", "op": "属于其一", "value": "很严重"}, "取值", "不是“危害后果”的可选值"),
    ({"fact": "相对人年龄", "op": "不小于（≥）", "value": "十四"}, "取值", "须为数字"),
    ({"fact": "危害后果", "op": "为", "value": "没有造成危害后果、危害后果轻微"}, "取值", "只能填写一个取值"),
])
def test_bad_rows_are_refused_naming_row_and_column(row, column, words):
    with pytest.raises(RowError) as err:
        rows_to_conditions([{}, row])
    assert err.value.row == 2 and err.value.column == column and words in str(err.value)
    assert str(err.value).startswith(f"第2行“{column}”")


# ---------------------------------------------------------------- through the services and the engine


def _facts(**overrides):
    data = {"org": "三明市应急管理局", "date": "2026-03-01", "violation": TRAINING,
            "party": {"kind": "enterprise", "industry": "general"}, "first_violation": True,
            "corrected": "within_deadline", "harm": "none", "extra": {"f1": 5, "f2": False}}
    data.update(overrides)
    return data


def _publish_training_version(demo):
    """A version with the provincial item: ≤10 persons, common conditions and a hazardous-chemicals exclusion."""
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="苏-2026", change_reason="新清单")
    declared = parse_declared([{"label": "涉及人员数", "type": "number"},
                               {"label": "3年内发生过人员死亡的生产安全事故", "type": "bool"}])
    from rouxing.lists.editor import rows_to_common, rows_to_scope

    common = rows_to_common([{"fact": "初次违法（首次被发现）", "op": "为", "value": "是"},
                             {"fact": "extra.f2", "op": "为", "value": "否", "label": "3年内未发生过人员死亡的生产安全事故"}],
                            declared)
    scope = rows_to_scope([{"fact": "行业类别", "op": "属于其一", "value": "危险化学品、矿山、金属冶炼",
                            "label": "危险物品的生产、经营、储存单位以及非煤矿山、金属冶炼单位除外"}], declared)
    services.version_update_rules(version=draft, user=admin, reason="录入共同条件", expected_version=draft.lock_version,
                                  declared_facts=declared, common_conditions=common, scope_exclusions=scope)
    draft.refresh_from_db()
    conditions = rows_to_conditions([{"fact": "extra.f1", "op": "lte", "value": "10", "label": "涉及人员10人以下"}],
                                    "all", declared)
    services.item_create(version=draft, user=admin, reason="新增", data={
        "list_kind": "no_penalty", "name": TRAINING, "situation": "涉及人员10人以下的", "basis": BASIS,
        "violations": ["AQSC-097-04"], "conditions": conditions, "measures": ["说服教育"]})
    services.version_submit(version=draft, user=admin)
    services.version_file(version=draft, user=draft.org.justice_bureau.users.filter(role="supervisor").first(), filing_no="明司备〔2026〕5号", filing_date=dt.date(2026, 1, 10))
    return services.version_publish(version=draft, user=admin, effective_from=dt.date(2026, 2, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(("persons", "outcome"), [(9, "no_penalty"), (10, "no_penalty"), (11, "standard")])
def test_threshold_at_9_10_11_persons(demo, persons, outcome):
    _publish_training_version(demo)
    decision = evaluate(_facts(extra={"f1": persons, "f2": False}))
    assert decision["outcome"] == outcome
    if outcome == "no_penalty":
        assert decision["list_item"]["name"] == TRAINING


@pytest.mark.django_db
@pytest.mark.parametrize("overrides", [
    {"first_violation": False},
    {"extra": {"f1": 5, "f2": True}},
    {"party": {"kind": "enterprise", "industry": "hazardous_chemicals"}},
])
def test_common_conditions_and_scope_exclusion_refuse_the_item(demo, overrides):
    _publish_training_version(demo)
    decision = evaluate(_facts(**overrides))
    assert decision["outcome"] != "no_penalty"
    assert decision["list_item"] is None or decision["list_item"]["name"] != TRAINING


@pytest.mark.django_db
def test_removing_a_declared_fact_still_used_is_refused(demo):
    version = _publish_training_version(demo)
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=version.org, user=admin, label="苏-2026-2", based_on=version,
                                          change_reason="调整")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        services.version_update_rules(version=draft, user=admin, reason="删事实", expected_version=draft.lock_version,
                                      declared_facts=[], common_conditions=[], scope_exclusions=[])
    assert "未声明的事实“extra.f1”" in str(err.value)
    draft.refresh_from_db()
    assert [d["key"] for d in draft.declared_facts] == ["f1", "f2"] and len(draft.common_conditions) == 2


# ---------------------------------------------------------------- the pages


def _row_post(item, rows, **extra):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0",
            "rows-MAX_NUM_FORMS": "1000", "mode": "all", "change_reason": "补充结构化条件",
            "lock_version": str(item.lock_version), "violations": ["AQSC-097-04"]}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{n}-{key}"] = value
    data.update(extra)
    return data


def _bare_item(demo):
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="页面-1", change_reason="测试")
    return services.item_create(version=draft, user=admin, reason="新增", data={
        "list_kind": "no_penalty", "name": TRAINING, "situation": "首次被发现的", "basis": BASIS})


@pytest.mark.django_db
def test_item_conditions_page_saves_rows_and_the_catalogue_link(demo):
    item = _bare_item(demo)
    client = demo.client("sm_listadmin")
    url = reverse("lists:item_conditions", args=[item.pk])
    page = client.get(url, {"q": "如实记录"}).content.decode()
    assert "AQSC-097-04" in page and "AQSC-097-01 " not in page  # the search narrows the picker
    response = client.post(url, _row_post(item, [{"fact": "first_violation", "op": "eq", "value": "是"},
                                                 {"fact": "corrected", "op": "in", "value": "当场/及时改正"}]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert [c["when"] for c in item.conditions] == [{"fact": "first_violation", "op": "eq", "value": True},
                                                    {"fact": "corrected", "op": "in", "value": ["immediately"]}]
    assert item.violations == ["AQSC-097-04"]
    assert AuditEvent.objects.filter(event="list_item.update", object_id=str(item.pk)).exists()
    detail = client.get(reverse("lists:item", args=[item.pk])).content.decode()
    assert "初次违法（首次被发现）为是" in detail and "首次被发现的" in detail  # text and structure side by side


@pytest.mark.django_db
def test_item_conditions_page_error_names_the_row_keeps_the_input_and_stores_nothing(demo):
    item = _bare_item(demo)
    client = demo.client("sm_listadmin")
    response = client.post(reverse("lists:item_conditions", args=[item.pk]), _row_post(item, [
        {"fact": "first_violation", "op": "eq", "value": "是"}, {"fact": "harm", "op": "in", "value": "很严重"}]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "第2行“取值”：“很严重”不是“危害后果”的可选值" in html
    assert 'value="很严重"' in html
    item.refresh_from_db()
    assert item.conditions == [] and item.violations == []


@pytest.mark.django_db
def test_item_conditions_page_refuses_a_stale_edit(demo):
    item = _bare_item(demo)
    stale = _row_post(item, [{"fact": "first_violation", "op": "eq", "value": "是"}])
    services.item_update(item=item, user=demo.user("sm_listadmin"), reason="他人先改", data={"situation": "他人修改"},
                         expected_version=item.lock_version)
    response = demo.client("sm_listadmin").post(reverse("lists:item_conditions", args=[item.pk]), stale)
    assert response.status_code == 200 and "该记录已被他人修改" in response.content.decode()
    assert ListItem.objects.get(pk=item.pk).conditions == []


@pytest.mark.django_db
def test_preview_runs_the_conditions_on_example_facts_without_saving(demo):
    item = _bare_item(demo)
    client = demo.client("sm_listadmin")
    rows = [{"fact": "first_violation", "op": "eq", "value": "是"}, {"fact": "party.age", "op": "gte", "value": "18"}]
    response = client.post(reverse("lists:item_conditions", args=[item.pk]), _row_post(
        item, rows, preview="1", **{"example-first_violation": "是", "example-party.age": "16"}))
    html = response.content.decode()
    assert "示例事实下条件不全部成立，本事项不适用" in html and "不成立：相对人年龄不小于18" in html
    assert ListItem.objects.get(pk=item.pk).conditions == []


@pytest.mark.django_db
def test_version_rules_page_declares_facts_and_sets_common_conditions_and_scope(demo):
    item = _bare_item(demo)
    version = item.version
    client = demo.client("sm_listadmin")
    url = reverse("lists:version_rules", args=[version.pk])
    assert client.get(url).status_code == 200
    assert demo.client("sm_officer1").get(url).status_code == 403

    def post(facts, common, scope):
        data = {"change_reason": "录入版本条件", "lock_version": str(ListVersion.objects.get(pk=version.pk).lock_version)}
        for prefix, rows in (("facts", facts), ("common", common), ("scope", scope)):
            data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
                         f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
            for n, row in enumerate(rows):
                for key, value in row.items():
                    data[f"{prefix}-{n}-{key}"] = value
        return client.post(url, data)

    assert post([{"label": "涉及人员数", "type": "number"}], [], []).status_code == 302
    version.refresh_from_db()
    assert version.declared_facts == [{"key": "f1", "label": "涉及人员数", "type": "number"}]
    key = version.declared_facts[0]["key"]
    response = post([{"key": key, "label": "涉及人员数", "type": "number"}],
                    [{"fact": "first_violation", "op": "eq", "value": "是", "lists": ["no_penalty"]}],
                    [{"fact": "party.industry", "op": "in", "value": "危险化学品", "lists": ["no_penalty", "reduced"]},
                     {"fact": "extra.f1", "op": "gte", "value": "50"}])
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.common_conditions[0]["when"] == {"fact": "first_violation", "op": "eq", "value": True}
    assert version.common_conditions[0]["lists"] == ["no_penalty"]
    assert [s["code"] for s in version.scope_exclusions] == ["high_risk_industry", "conditions_unmet"]
    assert version.scope_exclusions[1]["when"] == {"fact": "extra.f1", "op": "gte", "value": 50}
    # an error names the section and row, and nothing is stored
    response = post([{"key": key, "label": "涉及人员数", "type": "number"}], [],
                    [{"fact": "extra.f1", "op": "gte", "value": "五十"}])
    assert "适用范围排除第1行“取值”" in response.content.decode()
    version.refresh_from_db()
    assert len(version.scope_exclusions) == 2 and len(version.common_conditions) == 1

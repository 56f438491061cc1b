"""The structured sheets of the Excel workbook (事项条件, 自定义事实, 共同适用条件, 适用范围排除): round trip,
import of conditions written in Chinese, and errors naming sheet, row and column with nothing stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from rouxing.lists import services
from rouxing.lists.decisions import evaluate
from rouxing.lists.models import ListVersion
from rouxing.lists.xlsx import XlsxImportError, export_version, version_import_xlsx

pytestmark = pytest.mark.django_db
STRUCTURE = ("list_kind", "seq", "conditions", "violations")
VERSION_FIELDS = ("declared_facts", "common_conditions", "scope_exclusions")


def _structure(version):
    version = ListVersion.objects.get(pk=version.pk)
    return ([tuple(r) for r in version.items.order_by("list_kind", "seq").values_list(*STRUCTURE)],
            [getattr(version, f) for f in VERSION_FIELDS])


def _edit(data: bytes, sheet: str, rows: list[list], replace: bool = False) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    if replace:
        ws.delete_rows(2, ws.max_row)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("org", "user"), [("SM-YJJ", "sm_listadmin"), ("MX-YJJ", "mx_listadmin"),
                                           ("CJ-YJJ", "cj_listadmin")])
def test_demo_versions_round_trip_unchanged(demo, org, user):
    # given a draft copied from a demo bureau's published version (明溪's has declared facts and scope exclusions)
    admin = demo.user(user)
    published = ListVersion.objects.get(org__code=org, status=ListVersion.Status.PUBLISHED)
    draft = services.version_create_draft(org=published.org, user=admin, label="往返", based_on=published,
                                          change_reason="往返测试")
    before = _structure(draft)
    # when its export is imported into a second draft whose structure was cleared
    data = export_version(draft)
    other = services.version_create_draft(org=published.org, user=admin, label="往返-2", based_on=published,
                                          change_reason="往返测试")
    ListVersion.objects.filter(pk=other.pk).update(declared_facts=[], common_conditions=[], scope_exclusions=[])
    other.items.update(conditions=[], violations=[])
    other.refresh_from_db()
    version_import_xlsx(version=other, user=admin, data=data, reason="导入")
    # then conditions, catalogue links, declared facts and scope exclusions are back unchanged
    assert _structure(other) == before


def test_a_new_item_with_conditions_scope_and_declared_facts_is_imported_and_applies(demo):
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="导入-1", change_reason="导入")
    data = export_version(draft)
    name = "已按照规定开展安全生产教育和培训，但未如实记录培训内容的"
    wb = load_workbook(io.BytesIO(data))
    ws = wb["不予行政处罚事项清单"]
    ws.append([8, name, "JS-NP-8", "涉及人员10人以下的", "《中华人民共和国行政处罚法》第三十三条第一款　违法行为轻微……",
               "说服教育"])
    wb["自定义事实"].append(["", "涉及人员数", "数值", ""])
    wb["适用范围排除"].append(["", "", "行业类别", "属于其一", "危险化学品、矿山、金属冶炼", "危险物品的生产、经营、储存单位以及非煤矿山、金属冶炼单位除外",
                              "不予行政处罚清单", ""])
    wb["事项条件"].append(["不予行政处罚", 8, name, "AQSC-097-04", "全部满足", "", "extra.f1", "不大于（≤）", "10",
                          "涉及人员10人以下", "", ""])
    wb["事项条件"].append(["不予行政处罚", 8, name, "AQSC-097-04", "全部满足", "", "初次违法（首次被发现）", "为", "是",
                          "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    result = version_import_xlsx(version=draft, user=admin, data=out.getvalue(), reason="导入省级清单")
    assert result.created == 1 and result.new_without_conditions == []
    item = draft.items.get(list_kind="no_penalty", seq=8)
    assert item.violations == ["AQSC-097-04"]
    assert [c["when"] for c in item.conditions] == [{"fact": "extra.f1", "op": "lte", "value": 10},
                                                    {"fact": "first_violation", "op": "eq", "value": True}]
    draft.refresh_from_db()
    assert draft.declared_facts[-1] == {"key": "f1", "label": "涉及人员数", "type": "number"}
    # and once published the thresholds and the scope decide
    services.version_submit(version=draft, user=admin)
    services.version_file(version=draft, user=draft.org.justice_bureau.users.filter(role="supervisor").first(), filing_no="明司备〔2026〕8号", filing_date=dt.date(2026, 1, 10))
    services.version_publish(version=draft, user=admin, effective_from=dt.date(2026, 2, 1))
    facts = {"org": "三明市应急管理局", "date": "2026-03-01", "violation": name, "first_violation": True,
             "party": {"kind": "enterprise", "industry": "general"}, "corrected": "immediately", "harm": "none"}
    assert evaluate({**facts, "extra": {"f1": 10}})["outcome"] == "no_penalty"
    assert evaluate({**facts, "extra": {"f1": 11}})["outcome"] != "no_penalty"
    assert evaluate({**facts, "extra": {"f1": 3},
                     "party": {"kind": "enterprise", "industry": "metal_smelting"}})["outcome"] != "no_penalty"


def test_errors_in_the_structured_sheets_name_sheet_row_column_and_store_nothing(demo):
    admin = demo.user("sm_listadmin")
    draft = services.version_create_draft(org=demo.org("SM-YJJ"), user=admin, label="导入-2", change_reason="导入")
    before = _structure(draft)
    data = export_version(draft)
    data = _edit(data, "事项条件", [["不予行政处罚", 1, "x", "", "全部满足", "", "危害后果", "属于其一", "很严重", "", "", ""],
                                    ["不予行政处罚", 99, "x", "", "全部满足", "", "", "", "", "", "", ""]])
    data = _edit(data, "自定义事实", [["", "", "选项", "甲"]])
    data = _edit(data, "适用范围排除", [["", "", "天气", "为", "雨", "", "不予行政处罚清单", ""]])
    with pytest.raises(XlsxImportError) as exc:
        version_import_xlsx(version=draft, user=admin, data=data, reason="导入")
    messages = [str(e) for e in exc.value.errors]
    assert any(m.startswith("工作表“自定义事实”第2行“名称”列：") for m in messages), messages
    assert any(m.startswith("工作表“适用范围排除”第2行“事实”列：未知的事实“天气”") for m in messages), messages
    assert any(m.startswith("工作表“事项条件”") and "“取值”列：“很严重”不是“危害后果”的可选值" in m for m in messages)
    assert _structure(draft) == before

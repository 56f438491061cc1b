"""Excel import/export of the four lists (seed 001 annexes 1–4 layout): round trip, defences, errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from rouxing.lists import services
from rouxing.lists.models import ListItem
from rouxing.lists.xlsx import SHEETS, XlsxImportError, export_version, read_workbook, version_import_xlsx

try:
    from lists_testdata import make_draft, sm_version_in_force
except ImportError:  # tests/lists collected as a package
    from .lists_testdata import make_draft, sm_version_in_force  # type: ignore[no-redef]

pytestmark = pytest.mark.django_db
COLUMNS = ("list_kind", "seq", "name", "code", "situation", "basis", "measures")


def _items(version) -> list[tuple]:
    return [tuple(row) for row in version.items.order_by("list_kind", "seq").values_list(*COLUMNS)]


def _snapshot(version) -> list[tuple]:
    return list(version.items.order_by("pk").values_list("pk", "lock_version", *COLUMNS))


def _edit(data: bytes, sheet: str, edits: dict[str, object]) -> bytes:
    """Change cells of an exported workbook (e.g. {"B4": None})."""
    wb = load_workbook(io.BytesIO(data))
    for ref, value in edits.items():
        wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def admin(demo):
    return demo.user("sm_listadmin")


def test_export_has_one_sheet_per_list_with_title_contact_and_header(demo):
    # given the version in force
    version = sm_version_in_force()
    # when it is exported
    wb = load_workbook(io.BytesIO(export_version(version)))
    # then the four annex sheets carry a title, the contact row and the six columns (the structured sheets follow)
    assert wb.sheetnames == [*SHEETS.values(), "事项条件", "自定义事实", "共同适用条件", "适用范围排除"]
    ws = wb["不予行政处罚事项清单"]
    assert ws["A1"].value == f"{version.org.name}不予行政处罚事项清单"
    assert ws["A2"].value.startswith("填报单位：") and ws["C2"].value.startswith("联系人：")
    assert ws["E2"].value.startswith("联系电话：")
    assert [c.value for c in ws[3]] == ["序号", "处罚事项名称", "处罚事项编码", "不予处罚的情形", "不予处罚的依据",
                                        "配套监管措施"]
    first = version.items.filter(list_kind="no_penalty").order_by("seq").first()
    assert ws["B4"].value == first.name and ws["C4"].value == first.code


def test_export_then_import_gives_equal_items(admin):
    # given a published version and a draft that has since been changed
    published = sm_version_in_force()
    draft = make_draft(admin)
    items = list(draft.items.order_by("list_kind", "seq"))
    services.item_update(item=items[0], user=admin, data={"situation": "改过的情形"}, reason="改",
                         expected_version=items[0].lock_version)
    services.item_delete(item=items[1], user=admin, reason="删")
    # when the published version's export is imported into the draft
    result = version_import_xlsx(version=draft, user=admin, data=export_version(published), reason="按原清单恢复")
    # then the draft's items equal the published ones again
    assert _items(draft) == _items(published)
    assert result.updated >= 1 and result.created == 1


def test_reimporting_an_unchanged_export_changes_nothing(admin):
    # given a draft
    draft = make_draft(admin)
    before = _snapshot(draft)
    # when its own export is imported
    result = version_import_xlsx(version=draft, user=admin, data=export_version(draft), reason="核对")
    # then every item is unchanged (same rows, same lock versions)
    assert _snapshot(draft) == before
    assert result.unchanged == len(before) and result.created == result.updated == result.deleted == 0


def test_import_keeps_structured_conditions_of_matching_codes_and_leaves_new_items_empty(admin):
    # given a draft whose first item has conditions, and a workbook changing that item and adding one
    draft = make_draft(admin)
    first = draft.items.exclude(conditions=[]).order_by("list_kind", "seq").first()
    data = _edit(export_version(draft), "从轻行政处罚事项清单", {
        "A5": 9, "B5": "新增的从轻事项", "C5": "AQSC-X-99", "D5": "新情形",
        "E5": "《中华人民共和国行政处罚法》第32条　从轻", "F5": "说服教育"})
    row = first.seq + 3
    data = _edit(data, SHEETS[first.list_kind], {f"D{row}": "导入后修改的情形"})
    # when it is imported
    version_import_xlsx(version=draft, user=admin, data=data, reason="导入调整")
    # then the matched item keeps its conditions (same row, new text), the new one has none
    first.refresh_from_db()
    assert first.situation == "导入后修改的情形" and first.conditions
    new = draft.items.get(code="AQSC-X-99")
    assert new.conditions == [] and new.seq == 9 and new.measures == ["说服教育"]


def test_import_can_swap_item_numbers(admin):
    # given a draft with items 1 and 2 in the 不予处罚 list
    draft = make_draft(admin)
    one, two = draft.items.filter(list_kind="no_penalty").order_by("seq")[:2]
    # when a workbook swaps their 序号
    data = _edit(export_version(draft), "不予行政处罚事项清单", {"A4": 2, "A5": 1})
    version_import_xlsx(version=draft, user=admin, data=data, reason="调整顺序")
    # then both are kept, renumbered
    assert ListItem.objects.get(pk=one.pk).seq == 2 and ListItem.objects.get(pk=two.pk).seq == 1


def test_formula_like_cells_are_neutralised_and_read_back(admin):
    # given an item whose texts start with formula characters
    draft = make_draft(admin)
    item = draft.items.order_by("list_kind", "seq").first()
    services.item_update(item=item, user=admin, reason="测试", expected_version=item.lock_version,
                         data={"name": "=HYPERLINK(\"http://x\")", "situation": "+1 情形", "code": "@A1"})
    # when it is exported
    data = export_version(draft)
    ws = load_workbook(io.BytesIO(data))[SHEETS[item.list_kind]]
    row = item.seq + 3
    # then the cells are text starting with an apostrophe, and importing gives the original text back
    assert ws[f"B{row}"].value == "'=HYPERLINK(\"http://x\")" and ws[f"B{row}"].data_type == "s"
    assert ws[f"D{row}"].value == "'+1 情形" and ws[f"C{row}"].value == "'@A1"
    parsed = [r for r in read_workbook(data) if r.list_kind == item.list_kind and r.seq == item.seq][0]
    assert parsed.name == "=HYPERLINK(\"http://x\")" and parsed.code == "@A1"


def test_missing_column_header_is_reported_and_nothing_changes(admin):
    # given a workbook whose 不予处罚 sheet lost its 依据 header
    draft = make_draft(admin)
    before = _snapshot(draft)
    data = _edit(export_version(draft), "不予行政处罚事项清单", {"E3": None})
    # when it is imported
    with pytest.raises(XlsxImportError) as exc:
        version_import_xlsx(version=draft, user=admin, data=data, reason="导入")
    # then the missing column is named, with the sheet and header row, and the draft is unchanged
    assert [str(e) for e in exc.value.errors] == ["工作表“不予行政处罚事项清单”第3行：缺少列：依据。"]
    assert _snapshot(draft) == before


def test_every_bad_row_is_reported_in_chinese_and_nothing_changes(admin):
    # given a workbook with an empty name, a duplicate code, an unknown measure and a missing basis
    draft = make_draft(admin)
    before = _snapshot(draft)
    sheet = "不予行政处罚事项清单"
    data = _edit(export_version(draft), sheet, {
        "B4": None, "C5": draft.items.get(list_kind="no_penalty", seq=1).code, "F6": "说服教育、罚酒三杯", "E6": None,
    })
    # when it is imported
    with pytest.raises(XlsxImportError) as exc:
        version_import_xlsx(version=draft, user=admin, data=data, reason="导入")
    # then each bad row is listed with sheet, row, column and reason, and nothing was stored
    messages = [str(e) for e in exc.value.errors]
    assert f"工作表“{sheet}”第4行“事项名称”列：事项名称为空。" in messages
    assert any(m.startswith(f"工作表“{sheet}”第5行“事项编码”列：事项编码") and "重复（与第4行相同）" in m
               for m in messages)
    assert f"工作表“{sheet}”第6行“配套监管措施”列：未知的配套监管措施“罚酒三杯”（应为十种柔性执法方式之一）。" in messages
    assert f"工作表“{sheet}”第6行“依据”列：缺少依据（须载明法律名称、条款）。" in messages
    assert len(messages) == 4
    assert _snapshot(draft) == before


def test_missing_sheet_is_reported(admin):
    # given a workbook without the 从轻 sheet
    draft = make_draft(admin)
    wb = load_workbook(io.BytesIO(export_version(draft)))
    del wb["从轻行政处罚事项清单"]
    out = io.BytesIO()
    wb.save(out)
    # when it is read
    with pytest.raises(XlsxImportError) as exc:
        read_workbook(out.getvalue())
    # then the sheet is named
    assert [str(e) for e in exc.value.errors] == ["工作表“从轻行政处罚事项清单”：缺少该工作表。"]


def test_view_lists_every_bad_row_and_keeps_the_draft(demo, admin):
    # given a draft and a workbook with an empty name and a duplicate code
    draft = make_draft(admin)
    before = _snapshot(draft)
    sheet = "不予行政处罚事项清单"
    data = _edit(export_version(draft), sheet, {"B4": "", "C6": draft.items.get(list_kind="no_penalty", seq=2).code})
    upload = SimpleUploadedFile("lists.xlsx", data)
    # when the list admin uploads it
    response = demo.client("sm_listadmin").post(reverse("lists:version_import", args=[draft.pk]),
                                                {"file": upload, "reason": "年度调整"})
    # then the page lists each bad row, keeps the reason typed, and nothing changed
    html = response.content.decode()
    assert response.status_code == 200
    assert "清单未作任何改动" in html
    assert f"工作表“{sheet}”第4行“事项名称”列：事项名称为空。" in html
    assert f"工作表“{sheet}”第6行“事项编码”列" in html
    assert "年度调整" in html
    assert _snapshot(draft) == before


def test_view_imports_a_good_workbook(demo, admin):
    # given a draft and a workbook changing one situation
    draft = make_draft(admin)
    item = draft.items.get(list_kind="no_penalty", seq=1)
    data = _edit(export_version(draft), "不予行政处罚事项清单", {"D4": "经导入调整的情形"})
    # when it is uploaded
    response = demo.client("sm_listadmin").post(reverse("lists:version_import", args=[draft.pk]),
                                                {"file": SimpleUploadedFile("l.xlsx", data), "reason": "导入"})
    # then the draft has the new text
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.situation == "经导入调整的情形" and item.change_reason == "导入"


def test_not_a_workbook_is_refused(admin):
    # given a text file
    draft = make_draft(admin)
    # when it is imported
    with pytest.raises(XlsxImportError) as exc:
        version_import_xlsx(version=draft, user=admin, data=b"not a zip at all", reason="导入")
    # then the message says so
    assert "不是有效的 .xlsx" in str(exc.value)


@override_settings(IMPORT_MAX_BYTES=2000)
def test_oversized_file_is_refused_before_parsing(admin):
    # given a valid workbook larger than the limit
    draft = make_draft(admin)
    before = _snapshot(draft)
    # when it is imported
    with pytest.raises(XlsxImportError) as exc:
        version_import_xlsx(version=draft, user=admin, data=export_version(draft), reason="导入")
    # then the size is refused and nothing changed
    assert "文件过大" in str(exc.value)
    assert _snapshot(draft) == before


def test_zip_bomb_is_refused_before_openpyxl_opens_it(admin):
    # given a small archive that expands to 60 MB
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 200 * 1024
    # when it is read
    with pytest.raises(XlsxImportError) as exc:
        read_workbook(data)
    # then it is refused as a bomb
    assert "压缩炸弹" in str(exc.value)


def test_xml_entity_bomb_is_refused(admin):
    # given an exported workbook whose first sheet declares nested XML entities
    draft = make_draft(admin)
    source = zipfile.ZipFile(io.BytesIO(export_version(draft)))
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            payload = bomb.encode() if entry.filename == "xl/worksheets/sheet1.xml" else source.read(entry)
            target.writestr(entry, payload)
    before = _snapshot(draft)
    # when it is imported
    with pytest.raises(XlsxImportError) as exc:
        version_import_xlsx(version=draft, user=admin, data=out.getvalue(), reason="导入")
    # then the file is refused as unsafe and nothing changed
    assert "不安全" in str(exc.value)
    assert _snapshot(draft) == before


def test_import_into_a_published_version_is_refused(demo):
    # given the published version
    published = sm_version_in_force()
    # when the list admin opens its import page
    response = demo.client("sm_listadmin").get(reverse("lists:version_import", args=[published.pk]))
    # then it is forbidden
    assert response.status_code == 403

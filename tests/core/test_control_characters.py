"""Control and bidi-override characters: refused in every text form field (core.validators.validate_text),
stripped from every export of stored text; formula-like cells neutralised in every spreadsheet export."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil

import pytest
from django import forms
from openpyxl import load_workbook

import rouxing
from rouxing.core.spreadsheet import neutralise
from rouxing.core.validators import validate_text
from rouxing.parties.models import Party
from rouxing.reports.export import build_docx, build_xlsx

BAD = ["\x07", "\x00", "\x1b", "\x7f", "\u202e", "\u2066", "\x85"]


@pytest.mark.parametrize("char", BAD)
def test_the_validator_refuses_each_character_and_names_it(char):
    with pytest.raises(Exception) as info:
        validate_text(f"安全{char}企业")
    assert f"U+{ord(char):04X}" in str(info.value) and "控制字符" in str(info.value)


def test_tab_newline_and_cr_are_text():
    validate_text("第一行\r\n第二行\t结束")


def _form_classes():
    seen = []
    for module_info in pkgutil.walk_packages(rouxing.__path__, "rouxing."):
        if not module_info.name.endswith((".forms", ".auth_views", ".assistant")):
            continue
        module = importlib.import_module(module_info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                seen.append(obj)
    return seen


def test_every_text_field_of_every_form_has_the_check():
    classes = _form_classes()
    assert len(classes) > 60
    checked = 0
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.CharField):
                assert validate_text in field.validators, f"{cls.__module__}.{cls.__name__}.{name}"
                checked += 1
    assert checked > 100


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["\x07", "\u202e"])
def test_party_form_refuses_the_character_keeps_the_text_and_saves_nothing(demo, char):
    client = demo.client("sm_officer1")
    token = client.get("/parties/new/").context["form"]["form_token"].value()
    before = Party.objects.count()
    typed = f"三明{char}测试化工有限公司"
    response = client.post("/parties/new/", {
        "form_token": token, "kind": "enterprise", "name": typed, "industry": "general", "address": "三明市",
    })
    text = response.content.decode()
    assert response.status_code == 200
    assert "内容含有不可见的控制字符或文字方向控制符" in text and f"U+{ord(char):04X}" in text
    assert response.context["form"]["name"].value() == typed  # what was typed is kept
    assert Party.objects.count() == before


def test_neutralise_strips_controls_and_prefixes_formulas():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("\x07=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("-2") == "'-2" and neutralise("+3") == "'+3"
    assert neutralise("\tx") == "'\tx" and neutralise("\rx") == "'\rx"
    assert neutralise("安\u202e全\x1b企业") == "安全企业"
    assert neutralise(5) == 5


@pytest.mark.django_db
def test_party_export_with_a_bell_in_a_stored_name_does_not_fail(demo):
    # given parties stored (by an older version or a direct import) with control characters and a formula
    org = demo.org("SM-YJJ")
    Party.objects.create(org=org, kind="enterprise", name="响铃\x07化工有限公司",
                         address="三明\u202e市 联系13800138000 负责人身份证350402199001011234")
    Party.objects.create(org=org, kind="enterprise", name="=HYPERLINK(\"http://evil\",\"点击\")", address="x")
    # when the bureau exports its list
    response = demo.client("sm_officer1").get("/parties/export.xlsx")
    # then the export succeeds, the characters are gone and the formula is text
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    names = {row[0] for row in rows}
    assert "响铃化工有限公司" in names
    assert "'=HYPERLINK(\"http://evil\",\"点击\")" in names
    assert not any("\x07" in str(cell) for row in rows for cell in row if cell)
    # and personal numbers in free text are masked
    assert "三明市 联系138****8000 负责人身份证350402********1234" in {row[5] for row in rows}


def test_report_export_neutralises_org_names_and_strips_controls():
    snapshot = {"title": "统计\x07报表", "org_name": "=cmd|'/c calc'!A1", "filled_on": "2026-12-01",
                "contact_phone": "", "rows": [{"label": "@明溪\x1b县", "values": {}}], "total": None}
    workbook = load_workbook(io.BytesIO(build_xlsx(snapshot)))
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "统计报表" in cells
    assert "填报单位：=cmd|'/c calc'!A1" in cells  # not a formula: the cell starts with 填报单位
    assert "'@明溪县" in cells
    assert build_docx(snapshot)[:2] == b"PK"

"""Bulk .xlsx import: all-or-nothing, every bad row reported in Chinese, unsafe files refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from rouxing.core.models import AuditEvent
from rouxing.parties.models import Party

from .helpers import bad_check_char, make_uscc

pytestmark = pytest.mark.django_db
HEADER = ["名称*", "统一社会信用代码*", "行业类别*", "法定代表人", "地址", "联系电话", "分类分级", "安全生产标准化达标",
          "守信主体", "安全生产许可证有效期至"]


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes, name="parties.xlsx"):
    return client.post("/parties/import/", {"file": SimpleUploadedFile(name, data)})


def _row(serial, name=None, industry="一般行业", uscc=None):
    return [name or f"导入测试企业{serial}有限公司", uscc or make_uscc(900 + serial), industry, "王五", "明溪县", "",
            "B", "是", "否", "2027-01-31"]


def test_valid_file_imports_every_row(demo):
    client = demo.client("mx_officer1")
    response = _upload(client, _xlsx([_row(1), _row(2, industry="危险化学品")]))
    assert response.status_code == 302
    imported = Party.objects.filter(org__code="MX-YJJ", name__startswith="导入测试企业")
    assert imported.count() == 2
    assert imported.get(uscc=make_uscc(902)).industry == "hazardous_chemicals"
    assert AuditEvent.objects.filter(event="party.import").exists()


def test_every_bad_row_is_reported_and_nothing_is_stored(demo):
    # given a file with one good row and four different faults
    existing = demo.party("MX-YJJ", kind="enterprise")
    rows = [
        _row(1),                                              # line 2: good
        _row(2, uscc=bad_check_char(make_uscc(902))),         # line 3: bad check character
        _row(3, uscc=make_uscc(901)),                         # line 4: duplicate of line 2
        _row(4, uscc=existing.uscc),                          # line 5: already registered
        _row(5, industry="养殖业"),                            # line 6: unknown industry
    ]
    # when it is uploaded
    response = _upload(demo.client("mx_officer1"), _xlsx(rows))
    # then each fault is listed with row and column, and no row is stored
    text = response.text
    assert response.status_code == 400
    assert "第3行" in text and "校验位" in text
    assert "第4行" in text and "与第2行重复" in text
    assert "第5行" in text and "已登记" in text
    assert "第6行" in text and "未知的行业类别“养殖业”" in text
    assert not Party.objects.filter(name__startswith="导入测试企业").exists()


def test_missing_required_column_is_reported(demo):
    header = [h for h in HEADER if not h.startswith("行业类别")]
    response = _upload(demo.client("mx_officer1"), _xlsx([["甲公司", make_uscc(911)]], header=header))
    assert response.status_code == 400
    assert "行业类别" in response.text and "缺少必填列" in response.text
    assert not Party.objects.filter(name="甲公司").exists()


def test_not_a_workbook_is_refused(demo):
    response = _upload(demo.client("mx_officer1"), b"name,uscc\n", name="x.xlsx")
    assert response.status_code == 400
    assert "不是有效的 .xlsx" in response.text


def test_wrong_extension_is_refused(demo):
    response = _upload(demo.client("mx_officer1"), _xlsx([_row(1)]), name="parties.csv")
    assert "请上传 .xlsx" in response.text
    assert not Party.objects.filter(name__startswith="导入测试企业").exists()


def test_oversized_file_is_refused(demo, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = _upload(demo.client("mx_officer1"), _xlsx([_row(1)]))
    assert "文件过大" in response.text
    assert not Party.objects.filter(name__startswith="导入测试企业").exists()


def test_zip_bomb_is_refused_before_parsing(demo):
    # given a valid workbook plus a member that inflates 1000-fold
    buffer = io.BytesIO(_xlsx([_row(1)]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    response = _upload(demo.client("mx_officer1"), buffer.getvalue())
    assert "压缩" in response.text
    assert not Party.objects.filter(name__startswith="导入测试企业").exists()


def test_xml_entity_bomb_is_refused(demo):
    # given a workbook whose sheet declares nested entities (billion laughs)
    source = zipfile.ZipFile(io.BytesIO(_xlsx([_row(1)])))
    out = io.BytesIO()
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = bomb.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    response = _upload(demo.client("mx_officer1"), out.getvalue())
    assert "不安全的XML" in response.text
    assert not Party.objects.filter(name__startswith="导入测试企业").exists()


def test_template_download_has_the_required_headers(demo):
    response = demo.client("mx_officer1").get("/parties/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert response["Content-Disposition"].startswith("attachment")
    assert headers[:3] == ["名称*", "统一社会信用代码*", "行业类别*"]


def test_supervisor_cannot_import(demo):
    response = _upload(demo.client("sm_supervisor"), _xlsx([_row(1)]))
    assert response.status_code == 403
    assert not Party.objects.filter(name__startswith="导入测试企业").exists()


def test_overlong_cell_is_reported_with_its_column(demo):
    response = _upload(demo.client("mx_officer1"), _xlsx([_row(1, name="长" * 201)]))
    assert response.status_code == 400
    assert "第2行" in response.text and "内容过长（201字），最多200字" in response.text
    assert not Party.objects.filter(uscc=make_uscc(901)).exists()


def test_import_is_atomic_when_a_row_fails_at_store_time(demo):
    # given rows that passed the file checks, one of which was registered by someone else meanwhile
    from django.core.exceptions import ValidationError

    from rouxing.parties.services import parties_import

    taken = demo.party("MX-YJJ", kind="enterprise")
    rows = [{"kind": "enterprise", "name": "原子性测试甲", "uscc": make_uscc(950), "industry": "general"},
            {"kind": "enterprise", "name": "原子性测试乙", "uscc": taken.uscc, "industry": "general"}]
    # when they are stored
    with pytest.raises(ValidationError):
        parties_import(actor=demo.user("mx_officer1"), org=taken.org, rows=rows)
    # then not even the first row is kept
    assert not Party.objects.filter(name__startswith="原子性测试").exists()

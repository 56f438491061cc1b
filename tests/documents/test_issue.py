"""Issuing each document type from a demo case: the frozen .docx is filled from the case, and its PDF
has the title, number and party name in embedded CJK fonts (no tofu)."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx

from rouxing.core.office import soffice_path
from rouxing.documents import services
from rouxing.documents.doctypes import DOC_TYPES
from rouxing.documents.rendering import convert_to_pdf

from .conftest import CASE_VALUES, draft_from_case

ISSUE_DATE = dt.date(2024, 5, 10)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "documents"
TYPES = list(DOC_TYPES)


def docx_text(data: bytes) -> str:
    """All text of a .docx: body paragraphs, table cells, headers and footers."""
    doc = open_docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def chinese(value: str, kind: str) -> str:
    """Expected printed form of a stored value (independent of the product's formatter)."""
    if kind == "date":
        d = dt.date.fromisoformat(value)
        return f"{d.year}年{d.month}月{d.day}日"
    if kind in ("datetime", "datehour"):
        t = dt.datetime.fromisoformat(value)
        text = f"{t.year}年{t.month}月{t.day}日{t.hour}时"
        return text + (f"{t.minute}分" if kind == "datetime" else "")
    return value.rstrip("。；")


def issue(demo_case, doc_type: str):
    draft = draft_from_case(demo_case, doc_type, CASE_VALUES[doc_type])
    return services.document_issue(user=demo_case.issuer(doc_type), document=draft, issue_date=ISSUE_DATE,
                                   convert_pdf=False)


def read_docx(doc) -> bytes:
    with doc.docx_file.open("rb") as fh:
        return fh.read()


@pytest.mark.parametrize("doc_type", TYPES)
def test_issued_docx_has_every_blank_filled_from_the_case(demo_case, doc_type):
    # given a draft made from the case step the document belongs to
    # when it is issued
    doc = issue(demo_case, doc_type)
    text = docx_text(read_docx(doc))
    # then no placeholder is left and every field the case and the officer supplied is printed
    assert "{{" not in text and "{%" not in text and "}}" not in text
    spec = DOC_TYPES[doc_type]
    for field in spec.fields:
        value = doc.fields.get(field.name, "")
        assert value or not field.required, f"{field.name} empty"
        if value:
            assert chinese(value, field.kind) in text.replace("\n", ""), f"{doc_type}.{field.name}: {value}"
    assert doc.number in text
    assert "三明市应急管理局" in text
    assert "2024年5月10日" in text
    if spec.has_party:
        expected = demo_case.visit.party if doc_type == "return_visit" else demo_case.party
        assert doc.party == expected and expected.name in text


def test_rectification_order_prints_the_case_deadline_article_and_officers(demo_case):
    # given a 责令限期整改指令书 made from the rectification order of the finding
    doc = issue(demo_case, "rectification")
    text = docx_text(read_docx(doc))
    # then the order's computed deadline, the finding's article and both officers' badges are in it
    deadline = demo_case.order.deadline
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日前整改完毕" in text
    assert "《中华人民共和国安全生产法》第二十八条第四款" in text
    assert "35040021001" in text and "35040021002" in text
    assert demo_case.finding.description in text


def test_interview_notice_prints_talk_time_place_and_contact(demo_case):
    doc = issue(demo_case, "interview")
    text = docx_text(read_docx(doc))
    assert "于2024年6月12日9时30分，至三明市应急管理局三楼会议室当面交流沟通" in text
    assert "请于2024年6月11日17时前与本机关联系" in text
    assert "联系人：陈立" in text and "0598-8230110" in text


def test_commitment_prints_the_signed_commitment_of_the_case(demo_case):
    doc = issue(demo_case, "commitment")
    text = docx_text(read_docx(doc))
    c = demo_case.commitment
    assert c.content in text
    assert f"{c.observation_end.year}年{c.observation_end.month}月{c.observation_end.day}日" in text
    assert demo_case.party.uscc in text


def test_return_visit_form_prints_the_recorded_visit(demo_case):
    doc = issue(demo_case, "return_visit")
    text = docx_text(read_docx(doc))
    assert demo_case.visit.party.name in text
    for value in ("王大山", "执法支队一大队", "已按期完成整改，隐患已消除", "希望多开展安全培训", "13905981234"):
        assert value in text


def test_list_publication_table_lists_every_item_of_the_version(demo_case):
    doc = issue(demo_case, "list_publication")
    data = open_docx(io.BytesIO(read_docx(doc)))
    names = {cell.text for table in data.tables for row in table.rows for cell in row.cells}
    items = list(demo_case.list_version.items.all())
    assert items, "the demo version has items"
    for item in items:
        assert item.name in names
    assert "说明：本机关无此类事项。" in docx_text(read_docx(doc))  # 三明 has no 不予行政强制 items


def test_issued_document_is_frozen_with_its_digest(demo_case):
    import hashlib

    doc = issue(demo_case, "warning")
    data = read_docx(doc)
    assert doc.status == "issued" and doc.docx_sha256 == hashlib.sha256(data).hexdigest()
    # issuing again is refused and the file is unchanged
    with pytest.raises(Exception, match="不能重复签发"):
        services.document_issue(user=demo_case.officer, document=doc, convert_pdf=False)
    doc.refresh_from_db()
    assert read_docx(doc) == data


def test_issue_refuses_a_draft_with_a_required_blank_missing(demo_case):
    from django.core.exceptions import ValidationError

    draft = draft_from_case(demo_case, "interview", {})  # no talk time supplied
    with pytest.raises(ValidationError, match="约谈时间"):
        services.document_issue(user=demo_case.officer, document=draft, convert_pdf=False)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.number == ""


# --- PDF: each type converted once (LibreOffice is slow), in parallel with private profiles ------------

_PDFS: dict[str, dict] = {}


def _pdfs_for_all_types(demo_case) -> dict[str, dict]:
    if _PDFS:
        return _PDFS
    issued = {code: issue(demo_case, code) for code in TYPES}
    meta = {code: {"number": d.number, "title": DOC_TYPES[code].title,
                   "party": d.fields.get("party_name") or "三明市应急管理局", "docx": read_docx(d)}
            for code, d in issued.items()}
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {code: pool.submit(convert_to_pdf, m["docx"]) for code, m in meta.items()}
        for code, future in futures.items():
            meta[code]["pdf"] = future.result()
    _PDFS.update(meta)
    return _PDFS


needs_office = pytest.mark.skipif(soffice_path() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are not installed")


@needs_office
@pytest.mark.parametrize("doc_type", TYPES)
def test_pdf_shows_title_number_and_party_in_embedded_cjk_fonts(demo_case, doc_type, tmp_path):
    meta = _pdfs_for_all_types(demo_case)[doc_type]
    pdf = tmp_path / f"{doc_type}.pdf"
    pdf.write_bytes(meta["pdf"])
    # then the text layer has the title, the number and the party name
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    title = meta["title"].replace("“", "").replace("”", "")
    assert title in text.replace("“", "").replace("”", "")
    assert meta["number"] in text
    assert meta["party"] in text
    # and every font is embedded, CJK ones included
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+", line) for line in fonts), fonts
    assert any("CJK" in line for line in fonts), fonts
    # and a picture of the first page is kept for review
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(ARTIFACTS / doc_type)], check=True)
    assert (ARTIFACTS / f"{doc_type}.png").stat().st_size > 5000


@needs_office
def test_issue_stores_the_pdf_with_its_digest(demo_case):
    import hashlib

    draft = draft_from_case(demo_case, "suggestion", CASE_VALUES["suggestion"])
    doc = services.document_issue(user=demo_case.officer, document=draft, issue_date=ISSUE_DATE)
    doc.refresh_from_db()
    with doc.pdf_file.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-") and doc.pdf_sha256 == hashlib.sha256(pdf).hexdigest()


def test_markup_and_control_characters_in_input_are_printed_as_text(demo_case):
    # given facts typed with markup, an ampersand, a control character and two paragraphs
    draft = draft_from_case(demo_case, "suggestion", CASE_VALUES["suggestion"])
    draft.fields["facts"] = "在<w:t>仓库&车间\x0b之间堆放杂物\n第二段事实"
    draft = services.document_draft_update(user=demo_case.officer, document=draft, fields=draft.fields,
                                           expected_version=draft.lock_version)
    # when it is issued
    doc = services.document_issue(user=demo_case.officer, document=draft, convert_pdf=False)
    data = open_docx(io.BytesIO(read_docx(doc)))
    texts = [p.text for p in data.paragraphs]
    # then the text is printed literally, and the second line is its own indented paragraph
    assert any("在<w:t>仓库&车间之间堆放杂物" in t for t in texts)
    second = next(p for p in data.paragraphs if p.text.startswith("第二段事实"))
    assert second.paragraph_format.first_line_indent is not None


def test_without_libreoffice_the_docx_is_issued_and_no_pdf_is_made(demo_case, settings):
    settings.ROUXING_SOFFICE = "/nonexistent/soffice"
    draft = draft_from_case(demo_case, "guidance", CASE_VALUES["guidance"])
    doc = services.document_issue(user=demo_case.officer, document=draft)
    doc.refresh_from_db()
    assert doc.status == "issued" and doc.docx_sha256 and not doc.pdf_file


def test_a_failed_conversion_is_audited_and_the_docx_stays_valid(demo_case, settings):
    from rouxing.core.models import AuditEvent

    settings.ROUXING_SOFFICE = shutil.which("false")
    draft = draft_from_case(demo_case, "guidance", CASE_VALUES["guidance"])
    doc = services.document_issue(user=demo_case.officer, document=draft)
    doc.refresh_from_db()
    assert doc.status == "issued" and not doc.pdf_file
    event = AuditEvent.objects.get(event="documents.pdf", object_id=str(doc.pk))
    assert event.result == "failure" and "PDF 转换失败" in event.detail["error"]

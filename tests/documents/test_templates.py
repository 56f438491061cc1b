"""Templates: the built-in ones are reproducible and carry exactly their placeholders; a replacement
upload is checked (placeholders, type by content) before it is accepted and then used."""

from __future__ import annotations

import io

import pytest
from build_templates import DOCX_DIR, build_all  # tools/ (pytest pythonpath)
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as new_docx
from docxtpl import DocxTemplate

from rouxing.core.models import AuditEvent
from rouxing.documents import services
from rouxing.documents.doctypes import DOC_TYPES
from rouxing.documents.models import DocumentTemplate

from .conftest import CASE_VALUES


@pytest.mark.parametrize("doc_type", list(DOC_TYPES))
def test_builtin_template_has_exactly_the_required_placeholders(doc_type):
    found = DocxTemplate(str(DOCX_DIR / f"{doc_type}.docx")).get_undeclared_template_variables()
    assert found == DOC_TYPES[doc_type].required_placeholders()


def test_rebuilding_the_templates_gives_the_committed_files(tmp_path):
    for path in build_all(tmp_path):
        assert path.read_bytes() == (DOCX_DIR / path.name).read_bytes(), path.name


def _docx(*paragraphs: str) -> bytes:
    doc = new_docx()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


WARNING_PARAS = ("{{ bureau_name }} 行政告诫书 编号：{{ number }}", "{{ party_name }}：",
                 "你单位{{ facts }}，根据{{ legal_basis }}，请于{{ deadline }}前改正。（自定义模板）",
                 "{{ seal }} {{ issue_date }}")


def test_upload_missing_a_placeholder_is_refused_in_chinese(demo):
    # given a 告诫书 template without the deadline blank
    data = _docx(*[p.replace("请于{{ deadline }}前改正", "请尽快改正") for p in WARNING_PARAS])
    before = DocumentTemplate.objects.count()
    # when the list administrator uploads it
    with pytest.raises(ValidationError) as caught:
        services.document_template_upload(user=demo.user("sm_listadmin"), org=demo.org("SM-YJJ"),
                                           doc_type="warning", data=data)
    # then it is refused naming the missing placeholder, nothing is stored, and the refusal is audited
    assert "模板缺少“行政告诫书”必需的占位符：{{ deadline }}" in caught.value.messages[0]
    assert DocumentTemplate.objects.count() == before
    assert AuditEvent.objects.filter(event="documents.template.refused", result="refused").exists()


def test_upload_with_an_unknown_placeholder_is_refused(demo):
    data = _docx(*WARNING_PARAS, "{{ secret_field }}")
    with pytest.raises(ValidationError, match="系统无法填写的占位符：{{ secret_field }}"):
        services.document_template_upload(user=demo.user("sm_listadmin"), org=demo.org("SM-YJJ"),
                                          doc_type="warning", data=data)


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7 not a docx", "不是 Word"),
    (b"PK\x03\x04broken zip", "已损坏"),
])
def test_upload_that_is_not_a_docx_is_refused(demo, data, message):
    with pytest.raises(ValidationError, match=message):
        services.document_template_upload(user=demo.user("sm_listadmin"), org=demo.org("SM-YJJ"),
                                          doc_type="warning", data=data)


def test_upload_with_broken_jinja_is_refused(demo):
    data = _docx(*WARNING_PARAS, "{% if facts %}未闭合")
    with pytest.raises(ValidationError, match="语法有误"):
        services.document_template_upload(user=demo.user("sm_listadmin"), org=demo.org("SM-YJJ"),
                                          doc_type="warning", data=data)


def test_an_officer_cannot_upload_a_template(demo):
    with pytest.raises(PermissionDenied):
        services.document_template_upload(user=demo.user("sm_officer1"), org=demo.org("SM-YJJ"),
                                          doc_type="warning", data=_docx(*WARNING_PARAS))


def test_accepted_template_is_used_for_the_next_issue_and_reset_restores_the_builtin(demo):
    from tests.documents.test_issue import docx_text

    admin, org, officer = demo.user("sm_listadmin"), demo.org("SM-YJJ"), demo.user("sm_officer1")
    row = services.document_template_upload(user=admin, org=org, doc_type="warning", data=_docx(*WARNING_PARAS))
    draft = services.document_draft_create(user=officer, doc_type="warning", fields=CASE_VALUES["warning"],
                                           party=demo.party("SM-YJJ"))
    doc = services.document_issue(user=officer, document=draft, convert_pdf=False)
    with doc.docx_file.open("rb") as fh:
        text = docx_text(fh.read())
    assert "（自定义模板）" in text and "2024年6月20日" in text
    assert doc.template_sha256 == row.sha256
    # reset: the next one uses the built-in wording again
    services.document_template_reset(user=admin, org=org, doc_type="warning")
    draft = services.document_draft_create(user=officer, doc_type="warning", fields=CASE_VALUES["warning"],
                                           party=demo.party("SM-YJJ"))
    doc = services.document_issue(user=officer, document=draft, convert_pdf=False)
    with doc.docx_file.open("rb") as fh:
        assert "逾期不予纠正和整改，本机关将依法进行查处。" in docx_text(fh.read())


def test_upload_page_shows_the_chinese_refusal(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = demo.client("sm_listadmin")
    bad = _docx(*[p.replace("{{ party_name }}：", "当事人：") for p in WARNING_PARAS])
    response = client.post("/documents/settings/templates/", {
        "doc_type": "warning", "file": SimpleUploadedFile("告诫书.docx", bad)})
    assert response.status_code == 400
    assert "模板缺少“行政告诫书”必需的占位符：{{ party_name }}" in response.content.decode()

"""Document templates cannot run code (issue: command execution through a document template).

Two layers: an uploaded template is refused at upload unless its syntax tree holds only plain outputs,
`for` over a placeholder and `if` on a placeholder; and every rendering runs in Jinja's immutable
sandbox, so a template that reached storage another way still cannot reach Python objects.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from docx import Document as new_docx
from jinja2.exceptions import SecurityError

from rouxing.documents import services
from rouxing.documents.models import DocumentTemplate
from rouxing.documents.rendering import render_docx
from rouxing.documents.template_store import check_template_statements

from .conftest import CASE_VALUES

WARNING_PARAS = ("{{ bureau_name }} 行政告诫书 编号：{{ number }}", "{{ party_name }}：",
                 "你单位{{ facts }}，根据{{ legal_basis }}，请于{{ deadline }}前改正。",
                 "{{ seal }} {{ issue_date }}")


def _docx(*paragraphs: str) -> bytes:
    doc = new_docx()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rce_payload(marker: Path) -> str:
    """The attack of the security issue: walk from a string to Popen and run a command."""
    return ("{% for c in party_name.__class__.__mro__[1].__subclasses__() %}"
            "{% if c.__name__ == 'Popen' %}{{ c(['touch', '" + str(marker) + "']) }}{% endif %}{% endfor %}")


PAYLOADS = [
    ("{{ party_name.__class__ }}", "不允许的模板语法"),
    ("{{ party_name.upper() }}", "函数调用"),
    ("{{ party_name | safe }}", "过滤器"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "不允许的模板语法"),
    ("{% set x = party_name %}{{ x }}", "赋值（set）"),
    ("{% include 'x' %}", "包含其他模板"),
    ("{% macro m() %}{% endmacro %}", "宏定义"),
    ("{{ facts[0] }}", "下标访问"),
    ("{{ lipsum }}{{ 7*7 }}", "运算"),
    ("{% for r in rows %}{{ r.__class__ }}{% endfor %}", "名称“__class__”不合规"),
    ("{% for r in rows %}{{ r.a.b }}{% endfor %}", "不允许的模板语法"),
]


@pytest.mark.parametrize("payload, message", PAYLOADS)
def test_upload_with_code_in_its_syntax_tree_is_refused_and_nothing_stored(demo, payload, message):
    # given a 告诫书 template with every required placeholder and one dangerous construct
    data = _docx(*WARNING_PARAS, payload)
    before = DocumentTemplate.objects.count()
    # when the list administrator uploads it, it is refused in Chinese naming the construct
    with pytest.raises(ValidationError) as caught:
        services.document_template_upload(user=demo.user("sm_listadmin"), org=demo.org("SM-YJJ"),
                                          doc_type="warning", data=data)
    assert message in caught.value.messages[0]
    assert DocumentTemplate.objects.count() == before


def test_the_security_issue_attack_is_refused_at_upload_and_runs_nothing(demo, tmp_path):
    marker = tmp_path / "pwned"
    data = _docx(*WARNING_PARAS, _rce_payload(marker))
    with pytest.raises(ValidationError, match="不允许的模板语法"):
        services.document_template_upload(user=demo.user("sm_listadmin"), org=demo.org("SM-YJJ"),
                                          doc_type="warning", data=data)
    assert not marker.exists()
    assert not DocumentTemplate.objects.filter(org=demo.org("SM-YJJ"), doc_type="warning").exists()


def test_the_sandbox_stops_the_attack_even_for_a_template_that_skipped_the_upload_check(tmp_path):
    marker = tmp_path / "pwned"
    data = _docx(*WARNING_PARAS, _rce_payload(marker))
    with pytest.raises(SecurityError):
        render_docx(data, {"party_name": "某某公司", "bureau_name": "局", "number": "1", "facts": "",
                           "legal_basis": "", "deadline": "", "issue_date": ""})
    assert not marker.exists()


def test_a_stored_malicious_template_cannot_run_code_in_the_officers_preview(demo, tmp_path):
    # given a malicious template written straight into storage, bypassing the upload service
    marker = tmp_path / "pwned"
    data = _docx(*WARNING_PARAS, _rce_payload(marker))
    org = demo.org("SM-YJJ")
    row = DocumentTemplate(org=org, doc_type="warning", sha256=hashlib.sha256(data).hexdigest(),
                           placeholders=[], uploaded_by=demo.user("sm_listadmin"))
    row.file.save("evil.docx", ContentFile(data), save=False)
    row.save()
    draft = services.document_draft_create(user=demo.user("sm_officer1"), doc_type="warning",
                                           fields=CASE_VALUES["warning"], party=demo.party("SM-YJJ"))
    # when the next officer previews a 告诫书, the sandbox refuses and no command ran
    with pytest.raises(SecurityError):
        services.document_preview_html(document=draft)
    assert not marker.exists()


def test_the_constructs_the_builtin_templates_use_are_accepted():
    data = _docx("{{ bureau_name }}", "{% for row in items %}{{ row.name }}{{ row.code }}{% endfor %}",
                 "{% if facts %}有{% elif number %}号{% else %}无{% endif %}", "{% if not seal %}无章{% endif %}")
    check_template_statements(data)  # raises on refusal
    with pytest.raises(ValidationError):
        check_template_statements(_docx("{% for row in items %}{{ row.name | upper }}{% endfor %}"))

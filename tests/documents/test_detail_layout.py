"""Layout of the document pages: breadcrumb back to 执法文书 and to the source record, no inline grid
styles (CSS classes that collapse on narrow screens), header kept off paper, required marks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import rouxing.documents

from .conftest import CASE_VALUES, draft_from_case

TEMPLATES = Path(rouxing.documents.__file__).parent / "templates" / "documents"
APP_CSS = Path(rouxing.documents.__file__).parent.parent / "static" / "rouxing" / "app.css"


def _breadcrumbs(page: str) -> str:
    start = page.index('class="muted breadcrumbs')
    return page[start:page.index("</p>", start)]


def test_detail_breadcrumb_leads_to_the_index_and_the_finding(demo_case, demo):
    # given a draft made from a finding (约谈 comes from the finding)
    draft = draft_from_case(demo_case, "interview", CASE_VALUES.get("interview"))
    # when the officer opens it
    page = demo.client("sm_officer1").get(reverse("documents:detail", args=[draft.pk])).content.decode()
    crumbs = _breadcrumbs(page)
    # then the breadcrumb leads to 执法文书 and to the finding page
    assert f'href="{reverse("documents:index")}"' in crumbs and "执法文书" in crumbs
    assert reverse("cases:finding", args=[demo_case.finding.pk]) in crumbs


def test_detail_of_a_step_record_document_links_its_finding(demo_case, demo):
    # given a 警示 made from the rectification order (a step record of the finding)
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    page = demo.client("sm_officer1").get(reverse("documents:detail", args=[draft.pk])).content.decode()
    # then its breadcrumb links the finding the order belongs to
    assert reverse("cases:finding", args=[demo_case.finding.pk]) in _breadcrumbs(page)


def test_detail_header_is_not_printed(demo_case, demo):
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    page = demo.client("sm_officer1").get(reverse("documents:detail", args=[draft.pk])).content.decode()
    assert '<div class="doc-meta no-print">' in page
    assert 'class="doc-side no-print"' in page
    print_rules = APP_CSS.read_text(encoding="utf-8").split("@media print")
    assert any(".no-print" in block.split("\n}\n")[0] for block in print_rules[1:])


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_templates_use_css_classes_not_inline_grid_styles(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert "style=" not in text


def test_layout_classes_collapse_on_narrow_screens():
    css = APP_CSS.read_text(encoding="utf-8")
    block = css[css.index("/* documents: two-column pages"):]
    narrow = re.search(r"@media \(max-width: \d+px\) \{(.*?)\n\}", block, re.S).group(1)
    assert ".doc-layout" in narrow and "grid-template-columns: minmax(0, 1fr)" in narrow


def test_void_form_marks_its_required_reason(demo_case, demo):
    from .test_views import issued

    doc = issued(demo_case, "warning")
    page = demo.client("sm_approver").get(reverse("documents:detail", args=[doc.pk])).content.decode()
    label = re.search(r'<label for="id_reason">(.*?)</label>', page, re.S).group(1)
    assert "作废理由" in label and 'class="required-mark"' in label

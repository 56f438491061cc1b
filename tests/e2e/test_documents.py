"""Browser: an officer of 三明 makes a 行政告诫书 from a finding, watches the preview fill in as she
types, saves the draft, issues it (number 明应急告〔year〕N号) and downloads the Word file; the
documents index lists it (seed 000 附件6)."""

from __future__ import annotations

from conftest import login, screenshot
from playwright.sync_api import expect


def test_officer_issues_a_warning_from_a_finding(page, demo):
    from tests.documents.conftest import DemoCase

    case = DemoCase(demo)
    login(page, "sm_officer1")
    page.goto(f"{page.base_url}/documents/new/?type=warning&source_type=cases.Finding&source_id={case.finding.pk}")
    expect(page.locator("h1")).to_have_text("制作行政告诫书")
    # the facts come from the finding; typing the deadline updates the preview
    expect(page.locator("#id_facts")).to_have_value(case.finding.description)
    page.fill("#id_deadline", "2024-06-20")
    page.locator("#id_deadline").dispatch_event("change")
    expect(page.locator("#preview")).to_contain_text("2024年6月20日前，主动纠正违法违规行为")
    expect(page.locator("#preview")).to_contain_text(case.party.name)
    screenshot(page, "documents-draft-preview")
    page.click("button[value=save]")
    expect(page.locator("#doc-number")).to_have_text("（草稿）")
    page.click("text=签发并编号")
    expect(page.locator("#doc-number")).to_contain_text("明应急告〔")
    number = page.locator("#doc-number").inner_text()
    screenshot(page, "documents-issued")
    with page.expect_download() as info:
        page.click("text=下载 Word（.docx）")
    assert info.value.suggested_filename.endswith(".docx")
    page.goto(f"{page.base_url}/documents/?type=warning")
    expect(page.locator("#documents")).to_contain_text(number)

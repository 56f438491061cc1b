"""Browser: with the task worker configured, an officer issues a 告诫书; the page says the PDF is being
made while the Word file is already there; the worker converts it and the page, polling, offers the PDF."""

from __future__ import annotations

import shutil

import pytest
from conftest import login, screenshot
from django.core.management import call_command
from playwright.sync_api import expect

from rouxing.core.office import soffice_path


@pytest.mark.skipif(soffice_path() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice is not installed (make system-deps)")
def test_the_pdf_goes_from_pending_to_ready_when_the_worker_runs(page, demo, settings):
    from rouxing.documents import services
    from tests.documents.conftest import CASE_VALUES

    settings.ROUXING_PDF_ASYNC = True
    draft = services.document_draft_create(user=demo.user("sm_officer1"), doc_type="warning",
                                           fields=CASE_VALUES["warning"], party=demo.party("SM-YJJ"))
    login(page, "sm_officer1")
    page.goto(f"{page.base_url}/documents/{draft.pk}/")
    page.click("text=签发并编号")
    expect(page.locator("#doc-number")).to_contain_text("明应急告〔")
    expect(page.locator("#pdf-state")).to_have_attribute("data-state", "pending")
    expect(page.locator("#pdf-state")).to_contain_text("PDF 正在生成")
    expect(page.locator("#download")).to_contain_text("下载 Word（.docx）")
    screenshot(page, "documents-pdf-pending")
    # when the worker runs, the polled fragment turns into the PDF download without a reload
    call_command("worker", "--batch", verbosity=0)
    expect(page.locator("#pdf-state")).to_have_attribute("data-state", "ready", timeout=20000)
    with page.expect_download() as info:
        page.click("text=下载 PDF")
    assert info.value.suggested_filename.endswith(".pdf")
    screenshot(page, "documents-pdf-ready")

"""PDF conversion on the task worker (django-tasks, database backend): 签发 stores the number and the .docx
and enqueues the conversion in the same transaction; `rouxing worker --batch` makes the PDF; the page
reports pending, then ready; `rouxing regenerate-pdfs` and the daily job catch up documents without one."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from rouxing.core.office import soffice_path
from rouxing.documents import services
from rouxing.documents.models import Document

from .conftest import CASE_VALUES

needs_office = pytest.mark.skipif(soffice_path() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice and poppler-utils are not installed (make system-deps)")


@pytest.fixture
def async_pdf(settings):
    settings.ROUXING_PDF_ASYNC = True
    return settings


def _draft(demo):
    return services.document_draft_create(user=demo.user("sm_officer1"), doc_type="warning",
                                          fields=CASE_VALUES["warning"], party=demo.party("SM-YJJ"))


def test_issue_enqueues_the_pdf_and_returns_without_it(demo, async_pdf):
    # when an officer issues a 告诫书 with the worker configured
    doc = services.document_issue(user=demo.user("sm_officer1"), document=_draft(demo))
    # then the number and the .docx are stored, the PDF is pending and one conversion task is queued
    assert doc.number and doc.docx_file and not doc.pdf_file
    assert services.pdf_state(doc) == "pending"
    [task] = DBTaskResult.objects.filter(task_path="rouxing.documents.tasks.convert_pdf")
    assert task.status == "READY" and task.args_kwargs["args"][0] == doc.pk


def test_a_refused_issue_enqueues_nothing(demo, async_pdf):
    doc = services.document_issue(user=demo.user("sm_officer1"), document=_draft(demo))
    before = DBTaskResult.objects.count()
    with pytest.raises(Exception, match="已签发"):
        services.document_issue(user=demo.user("sm_officer1"), document=doc)
    assert DBTaskResult.objects.count() == before


@needs_office
@pytest.mark.django_db(transaction=True)  # the worker commits and reconnects, as the real process does
def test_the_worker_makes_the_pdf_and_the_page_shows_it_ready(demo, async_pdf):
    doc = services.document_issue(user=demo.user("sm_officer1"), document=_draft(demo))
    client = demo.client("sm_officer1")
    assert "PDF 正在生成" in client.get(f"/documents/{doc.pk}/pdf-state/").content.decode()
    # when the worker processes the queue
    call_command("worker", "--batch", verbosity=0)
    # then the PDF is stored with its digest, the task succeeded, and the polled fragment offers the download
    doc = Document.objects.get(pk=doc.pk)
    assert doc.pdf_file and len(doc.pdf_sha256) == 64
    assert DBTaskResult.objects.get(task_path="rouxing.documents.tasks.convert_pdf").status == "SUCCESSFUL"
    fragment = client.get(f"/documents/{doc.pk}/pdf-state/").content.decode()
    assert 'data-state="ready"' in fragment and "下载 PDF" in fragment and "hx-trigger" not in fragment


def test_the_pdf_state_fragment_is_refused_to_another_bureau(demo, async_pdf):
    doc = services.document_issue(user=demo.user("sm_officer1"), document=_draft(demo))
    # an officer of 昌吉 (another bureau) cannot see that a 三明 document exists
    response = demo.client("cj_officer1").get(f"/documents/{doc.pk}/pdf-state/")
    assert response.status_code == 404
    assert "PDF" not in response.content.decode()


def test_the_daily_job_and_the_command_queue_documents_without_pdf(demo, async_pdf):
    from rouxing.documents.services import missing_pdfs_job

    doc = services.document_issue(user=demo.user("sm_officer1"), document=_draft(demo), convert_pdf=False)
    assert services.pdf_state(doc) == "pending"
    before = DBTaskResult.objects.filter(task_path="rouxing.documents.tasks.convert_pdf").count()
    summary = missing_pdfs_job(doc.issued_at.date())
    queued = DBTaskResult.objects.filter(task_path="rouxing.documents.tasks.convert_pdf").count() - before
    assert queued == services.documents_missing_pdf().count() >= 1
    assert f"已为 {queued} 份" in summary


@needs_office
def test_regenerate_pdfs_inline_converts_a_document_that_lacks_one(demo, capsys):
    services.document_issue(user=demo.user("sm_officer1"), document=_draft(demo), convert_pdf=False)
    missing = services.documents_missing_pdf()
    before, first = missing.count(), missing.first()
    call_command("regenerate_pdfs", "--inline", "--limit", "1")
    assert f"缺少 PDF 的已签发文书 {before} 份，已生成 1 份。" in capsys.readouterr().out
    assert services.documents_missing_pdf().count() == before - 1
    assert Document.objects.get(pk=first.pk).pdf_file

"""Background work of the documents app, run by `rouxing worker` (django-tasks, database backend).

`convert_pdf` makes the PDF of an issued document with LibreOffice. `document_issue` enqueues it inside
its own transaction, so the worker sees the task only once the number and the .docx are committed; the
officer's 签发 returns without waiting for LibreOffice and the page polls until the PDF is ready.
"""

from __future__ import annotations

from django_tasks import task


@task(queue_name="pdf")
def convert_pdf(document_id: int, user_id: int | None = None) -> str:
    """Convert one issued document; returns the PDF's SHA-256 ('' when no converter is installed)."""
    from django.contrib.auth import get_user_model

    from .models import Document
    from .services import document_convert_pdf

    document = Document.objects.get(pk=document_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return document_convert_pdf(document=document, user=user).pdf_sha256 or ""

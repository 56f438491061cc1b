"""Read queries of the documents app, always scoped to the bureaus the user may read."""

from __future__ import annotations

from rouxing.core.access import get_readable_or_404, scope

from .models import DeliveryRecord, Document, DocumentTemplate, VoidedNumber


def documents_for(user, *, doc_type: str = "", status: str = "", query: str = ""):
    qs = scope(Document.objects.select_related("org", "party", "issued_by", "created_by"), user)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(number__icontains=query) | qs.filter(party__name__icontains=query)
    return qs.order_by("-issued_at", "-id")


def document_get(user, pk: int) -> Document:
    return get_readable_or_404(Document.objects.select_related("org", "party", "issued_by", "voided_by"), user, pk=pk)


def documents_for_source(user, source) -> list[Document]:
    return list(scope(Document.objects.filter(source_type=source._meta.label, source_id=str(source.pk)), user))


def deliveries_of(document: Document):
    return DeliveryRecord.objects.filter(document=document).select_related("recorded_by")


def templates_for(org) -> dict[str, DocumentTemplate]:
    """Active uploaded template per document type (types missing here use the built-in template)."""
    rows = DocumentTemplate.objects.filter(org=org, active=True).order_by("doc_type", "-created_at", "-id")
    found: dict[str, DocumentTemplate] = {}
    for row in rows:
        found.setdefault(row.doc_type, row)
    return found


def voided_numbers_for(user):
    return scope(VoidedNumber.objects.select_related("document", "voided_by"), user)

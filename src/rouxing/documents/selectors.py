"""Read queries of the documents app, always scoped to the bureaus the user may read."""

from __future__ import annotations

from django.db.models import Q

from rouxing.orgs.access import get_readable_or_404, scope

from .models import DeliveryRecord, Document, DocumentTemplate


def documents_for(user, *, doc_type: str = "", status: str = "", query: str = ""):
    qs = scope(Document.objects.select_related("org", "party", "issued_by", "created_by"), user)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if status:
        qs = qs.filter(status=status)
    if query:  # 文号, party name, 统一社会信用代码 or the issuing officer's name
        qs = qs.filter(Q(number__icontains=query) | Q(party__name__icontains=query) | Q(party__uscc__iexact=query)
                       | Q(issued_by__full_name__icontains=query))
    return qs.order_by("-issued_at", "-id")


def document_get(user, pk: int) -> Document:
    return get_readable_or_404(Document.objects.select_related("org", "party", "issued_by", "voided_by"), user, pk=pk)


def documents_for_source(user, source) -> list[Document]:
    return list(scope(Document.objects.filter(source_type=source._meta.label, source_id=str(source.pk)), user))


def list_version_in_force(org_id: int | None):
    """The bureau's four lists in force today (the 公示表 is made from it when no version is chosen)."""
    from django.utils import timezone

    from rouxing.lists.models import ListVersion

    # org_id None matches no bureau (IS NULL): kept for callers without a bureau
    return (ListVersion.objects.filter(ListVersion.in_force_filter(timezone.localdate()), org_id=org_id)  # type: ignore[misc]
            .order_by("-effective_from", "-id").first())


def deliveries_of(document: Document):
    return DeliveryRecord.objects.filter(document=document).select_related("recorded_by")


def deliveries_of_source(source, *, doc_types: tuple[str, ...] = ()):
    """送达记录 of the issued documents made from `source` (a case: its 告知书 and 决定书), oldest first;
    `doc_types` narrows them to those document types."""
    query = DeliveryRecord.objects.filter(document__source_type=source._meta.label,
                                          document__source_id=str(source.pk))
    if doc_types:
        query = query.filter(document__doc_type__in=doc_types)
    return query.select_related("document", "recorded_by").order_by("delivered_at", "id")


def templates_for(org) -> dict[str, DocumentTemplate]:
    """Active uploaded template per document type (types missing here use the built-in template)."""
    rows = DocumentTemplate.objects.filter(org=org, active=True).order_by("doc_type", "-created_at", "-id")
    found: dict[str, DocumentTemplate] = {}
    for row in rows:
        found.setdefault(row.doc_type, row)
    return found


def _case_sources(case) -> dict[str, set[str]]:
    """(model label → ids) of the case and the step objects a document may come from."""
    findings = list(case.findings.all())
    finding_ids = [f.pk for f in findings]
    sources: dict[str, set[str]] = {
        "cases.Case": {str(case.pk)},
        "cases.Finding": {str(pk) for pk in finding_ids},
        "cases.FlexibleMeasure": {str(pk) for pk in case.measures.values_list("pk", flat=True)},
        "cases.ReturnVisit": {str(pk) for pk in case.return_visits.values_list("pk", flat=True)},
    }
    if findings:
        from django.apps import apps

        order = apps.get_model("cases", "RectificationOrder")
        commitment = apps.get_model("cases", "Commitment")
        sources["cases.RectificationOrder"] = {
            str(pk) for pk in order.objects.filter(finding_id__in=finding_ids).values_list("pk", flat=True)}
        sources["cases.Commitment"] = {
            str(pk) for pk in commitment.objects.filter(findings__in=finding_ids).values_list("pk", flat=True)}
        sources["cases.Inspection"] = {str(f.inspection_id) for f in findings if f.inspection_id}
    return sources


def case_documents(case) -> list[tuple[str, bytes]]:
    """Issued and voided documents of a case, with their signed delivery scans, as (file name, verified bytes),
    for the case archive (案卷)."""
    from .services import read_verified

    query = Q()
    for label, ids in _case_sources(case).items():
        if ids:
            query |= Q(source_type=label, source_id__in=ids)
    docs = Document.objects.filter(query, org_id=case.org_id).exclude(status=Document.Status.DRAFT).order_by("pk")
    out = []
    for doc in docs:
        stem = f"{doc.pk:06d}-{doc.get_doc_type_display()}-{doc.number}"
        if doc.status == Document.Status.VOIDED:
            stem += "-已作废"
        out.append((f"{stem}.docx", read_verified(doc.docx_file, doc.docx_sha256)))
        if doc.pdf_file:
            out.append((f"{stem}.pdf", read_verified(doc.pdf_file, doc.pdf_sha256)))
        for delivery in doc.deliveries.exclude(scan="").order_by("pk"):
            ext = delivery.scan.name.rsplit(".", 1)[-1]
            out.append((f"{stem}-送达回证{delivery.pk}.{ext}", read_verified(delivery.scan, delivery.scan_sha256)))
    return out


def panels(request) -> list[dict]:
    """Workbench panel: my drafts awaiting issue and issued documents not yet delivered (送达)."""
    from django.urls import reverse

    user = request.user
    if not user.is_authenticated or user.role not in ("officer", "reviewer", "approver", "list_admin"):
        return []
    mine = Document.objects.filter(org_id=user.org_id)
    drafts = mine.filter(status=Document.Status.DRAFT, created_by=user).order_by("-id")[:5]
    undelivered = (mine.filter(status=Document.Status.ISSUED, deliveries__isnull=True)
                   .exclude(doc_type="list_publication").order_by("-issued_at")[:5])
    items = [{"label": f"{d.get_doc_type_display()}（草稿）{d.party_name}", "note": "待签发",
              "url": reverse("documents:detail", args=[d.pk])} for d in drafts]
    items += [{"label": f"{d.get_doc_type_display()} {d.number}", "note": "待登记送达",
               "url": reverse("documents:detail", args=[d.pk])} for d in undelivered]
    return [{"title": "执法文书待办", "items": items, "empty": "没有待签发或待送达的文书。"}]

"""Documents of the demo enforcement work (演示执法文书): drafts from the most recent steps of each bureau,
filled the way the new-document page fills them (defaults from the source object, then what an officer
types), issued with the step's date and partly delivered. PDF conversion is skipped to keep
`rouxing init` fast; the .docx is the valid issued document."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

DOC_SOURCES = (
    # doc type, remembered kind, filter on the source
    ("rectification", "order", None), ("warning", "order", None), ("commitment", "commitment", None),
    ("suggestion", "measure", "advice"), ("guidance", "measure", "guidance"), ("interview", "finding", None),
    ("reminder", "finding", None), ("return_visit", "return_visit", None),
)
DATE_ATTRS = ("issued_on", "signed_on", "performed_on", "visited_on", "found_on", "registered_on")


def _source_date(source) -> dt.date:
    for attr in DATE_ATTRS:
        value = getattr(source, attr, None)
        if value:
            return value
    return timezone.localdate()


def _fallbacks(bureau, source, on: dt.date) -> dict[str, str]:
    """Blanks an officer types when the source object does not hold them (talk time, court…)."""
    finding = getattr(source, "finding", None) if source._meta.model_name != "finding" else source
    fix = getattr(finding, "suggested_fix", "") or getattr(source, "content", "")
    return {
        "talk_time": f"{on + dt.timedelta(days=3):%Y-%m-%d}T09:30",
        "contact_before": f"{on + dt.timedelta(days=2):%Y-%m-%d}T17:00",
        "talk_place": bureau.room, "court": bureau.court, "deadline": (on + dt.timedelta(days=15)).isoformat(),
        "suggestion": fix, "guidance": fix, "facts": getattr(finding, "description", "") or getattr(source, "content", ""),
        "legal_basis": getattr(finding, "basis", "") or "《中华人民共和国安全生产法》",
        "legal_provision": "生产经营单位应当遵守本法和其他有关安全生产的法律、法规，加强安全生产管理",
        "behaviour": getattr(finding, "description", "") or "安全生产管理制度落实不到位",
        "case_number": f"{bureau.org.short_name}回访〔{on.year}〕", "visit_content": "已按要求完成整改",
        "party_contact_phone": bureau.org.contact_phone,
    }


def _issue(bureau, doc_type: str, source, *, issue: bool, deliver: bool, user=None):
    from rouxing.documents import services as ds
    from rouxing.documents.context import source_defaults, source_party
    from rouxing.documents.doctypes import DOC_TYPES

    user = user or bureau.officer()
    on = min(_source_date(source), bureau.today)
    fields = source_defaults(doc_type, source=source, org=bureau.org, user=user,
                             bureau=ds.bureau_settings_for(bureau.org))
    fallback = _fallbacks(bureau, source, on)
    party = source_party(source)
    fallback["party_leader"] = getattr(party, "legal_rep", "") or getattr(party, "name", "")
    for spec in DOC_TYPES[doc_type].fields:
        if spec.required and not fields.get(spec.name):
            fields[spec.name] = fallback.get(spec.name, "")
    extra = None
    if doc_type == "list_publication":
        from rouxing.documents.context import list_version_rows

        extra = list_version_rows(source)
    doc = ds.document_draft_create(user=user, doc_type=doc_type, fields=fields, party=party,
                                   source=source, extra=extra)
    bureau.tally.add("document_drafts")
    if not issue:
        return doc
    doc = ds.document_issue(user=user, document=doc, issue_date=on, convert_pdf=False)
    bureau.tally.add("documents")
    if deliver and doc.party_id:
        ds.delivery_record(user=user, document=doc, deliverer=bureau.officer(1).full_name,
                           recipient=doc.party.legal_rep or doc.party.name, method="direct",
                           delivered_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10, 30))))
        bureau.tally.add("document_deliveries")
    return doc


def issue_documents(bureau) -> None:
    """Two documents of each type from the most recent steps (the newest delivered but one), one draft
    left to issue, and the 四张清单 公示表 from the bureau's published list."""
    for doc_type, kind, method in DOC_SOURCES:
        sources = [s for s in bureau.recent.get(kind, []) if method is None or s.method.code == method]
        sources = sorted(sources, key=_source_date)[-2:]
        for i, source in enumerate(sources):
            _issue(bureau, doc_type, source, issue=True, deliver=i == 0)
    orders = bureau.recent.get("order", [])
    if orders:
        _issue(bureau, "warning", orders[-1], issue=False, deliver=False)
    version = bureau.org.list_versions.filter(status="published").order_by("-effective_from").first()
    if version is not None and bureau.listadmin is not None:
        _issue(bureau, "list_publication", version, issue=True, deliver=False, user=bureau.listadmin)

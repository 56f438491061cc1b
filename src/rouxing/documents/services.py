"""Write services of the documents app: settings, templates, drafts, issue, PDF, void, delivery.

Every function is keyword-only, runs in one transaction and writes an audit event. Issuing takes
the next number from the bureau's counter row in the same transaction that stores the frozen .docx,
so numbers are unique and gap-free; a voided document keeps its number (VoidedNumber), which is
never handed out again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from rouxing.core.audit import audit_record
from rouxing.core.locking import save_with_lock
from rouxing.core.models import AuditEvent
from rouxing.orgs.access import ensure_can_write
from rouxing.orgs.models import Org
from rouxing.orgs.roles import ISSUER_ROLES, SETTINGS_ROLES, VOID_ROLES

from .context import party_snapshot, render_context
from .doctypes import DOC_TYPES, get_doc_type
from .models import (
    BureauSettings,
    DeliveryRecord,
    Document,
    DocumentTemplate,
    VoidedNumber,
    issuer_roles,
)
from .numbering import format_number, next_seq, validate_pattern
from .rendering import convert_to_pdf, docx_to_html, render_docx, sha256_hex
from .template_store import active_template, check_template

DRAFT_NUMBER = "（签发时自动编号）"
SCAN_TYPES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
SEAL_MAX_BYTES = 2 * 1024 * 1024


def ensure_settings_admin(user, org: Org) -> None:
    if user is None or user.org_id != org.pk or user.role not in SETTINGS_ROLES:
        raise PermissionDenied("只有本机关的清单管理员、负责人或系统管理员可以修改文书设置和模板。")


def bureau_settings_for(org: Org) -> BureauSettings:
    """The bureau's document settings, created from the bureau record on first use."""
    found = BureauSettings.objects.filter(org=org).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return BureauSettings.objects.create(
                org=org, display_name=org.name, short_name=org.short_name or org.name,
                contact_person=org.contact_person, contact_phone=org.contact_phone, address=org.address,
            )
    except IntegrityError:
        return BureauSettings.objects.get(org=org)


def _sniff(data: bytes, allowed: tuple[tuple[bytes, str], ...]) -> str | None:
    return next((ctype for magic, ctype in allowed if data.startswith(magic)), None)


def _check_seal(data: bytes) -> None:
    """A seal must be a PNG Word can place: magic bytes, size, and a header python-docx can read."""
    from docx.image.image import Image

    if _sniff(data, SCAN_TYPES[1:2]) is None or len(data) > SEAL_MAX_BYTES:
        raise ValidationError("电子印章须为不超过 2 MB 的 PNG 图片。")
    try:
        image = Image.from_blob(data)
    except Exception as exc:  # noqa: BLE001 — any parse failure means a damaged image
        raise ValidationError("电子印章 PNG 图片已损坏，无法放入文书。") from exc
    if not image.px_width or not image.px_height:
        raise ValidationError("电子印章 PNG 图片已损坏，无法放入文书。")


def bureau_settings_update(*, user, org: Org, data: dict[str, Any], expected_version: int,
                           seal_png: bytes | None = None, request=None) -> BureauSettings:
    """Change the bureau name, 文号 patterns, contact, address, seal (PNG) of the documents."""
    ensure_settings_admin(user, org)
    fields = ["display_name", "short_name", "contact_person", "contact_phone", "address", "review_authority",
              "court", "number_patterns"]
    patterns = {k: v.strip() for k, v in (data.get("number_patterns") or {}).items() if v and v.strip()}
    for code, pattern in patterns.items():
        if code not in DOC_TYPES:
            raise ValidationError(f"未知的文书类型：{code}")
        validate_pattern(pattern)
    with transaction.atomic():
        row = bureau_settings_for(org)
        for name in fields[:-1]:
            if name in data:
                setattr(row, name, (data[name] or "").strip())
        if not row.display_name or not row.short_name:
            raise ValidationError("文书落款机关名称和文号机关代字不能为空。")
        row.number_patterns = patterns
        if seal_png is not None:
            _check_seal(seal_png)
            row.seal_image.save(f"seal-{sha256_hex(seal_png)[:16]}.png", ContentFile(seal_png), save=False)
            fields.append("seal_image")
        save_with_lock(row, expected_version=expected_version, update_fields=fields)
        audit_record(event="documents.settings.update", actor=user, obj=row, request=request,
                     detail={"patterns": patterns, "seal": seal_png is not None})
    return row


def document_template_upload(*, user, org: Org, doc_type: str, data: bytes, filename: str = "template.docx",
                             request=None) -> DocumentTemplate:
    """Accept a replacement template after checking its placeholders; earlier uploads are deactivated."""
    ensure_settings_admin(user, org)
    get_doc_type(doc_type)
    try:
        placeholders = check_template(doc_type, data)
    except ValidationError as exc:
        audit_record(event="documents.template.refused", actor=user, org_id=org.pk, object_type="documents.DocumentTemplate",
                     result="refused", request=request, detail={"doc_type": doc_type, "reason": exc.messages[0]})
        raise
    digest = sha256_hex(data)
    with transaction.atomic():
        DocumentTemplate.objects.filter(org=org, doc_type=doc_type, active=True).update(active=False)
        row = DocumentTemplate(org=org, doc_type=doc_type, sha256=digest, placeholders=placeholders,
                               uploaded_by=user)
        row.file.save(f"{digest[:16]}.docx", ContentFile(data), save=False)
        row.save()
        audit_record(event="documents.template.upload", actor=user, obj=row, request=request,
                     detail={"doc_type": doc_type, "sha256": digest, "filename": filename[:100]})
    return row


def document_template_reset(*, user, org: Org, doc_type: str, request=None) -> int:
    """Go back to the built-in template for `doc_type`."""
    ensure_settings_admin(user, org)
    with transaction.atomic():
        count = DocumentTemplate.objects.filter(org=org, doc_type=doc_type, active=True).update(active=False)
        audit_record(event="documents.template.reset", actor=user, org_id=org.pk,
                     object_type="documents.DocumentTemplate", request=request, detail={"doc_type": doc_type})
    return count


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain(value: Any) -> str:
    """Text safe for WordprocessingML: control characters (invalid in XML 1.0) removed, ends trimmed."""
    return _CONTROL.sub("", str(value or "")).strip()


def _clean_fields(doc_type: str, fields: dict[str, Any], *, strict: bool) -> dict[str, Any]:
    spec = DOC_TYPES[doc_type]
    cleaned = {f.name: _plain(fields.get(f.name)) for f in spec.fields}
    if strict:
        missing = [f.label for f in spec.fields if f.required and not cleaned[f.name]]
        if missing:
            raise ValidationError(f"以下内容尚未填写，不能签发：{'、'.join(missing)}。")
    return cleaned


def document_draft_create(*, user, doc_type: str, fields: dict[str, Any], party=None, source=None,
                          extra: dict[str, Any] | None = None, request=None) -> Document:
    """Create a draft (草稿) of `doc_type` for the user's bureau from the officer's field values."""
    spec = get_doc_type(doc_type)
    org = user.org
    ensure_can_write(user, getattr(org, "pk", None), issuer_roles(doc_type))
    if party is not None and party.org_id != org.pk:
        raise PermissionDenied("不能为其他机关的行政相对人制作文书。")
    if spec.has_party and party is None:
        raise ValidationError("请选择文书送达的行政相对人。")
    stored = _clean_fields(doc_type, fields, strict=False)
    stored.update(party_snapshot(party))
    stored.update(extra or {})
    with transaction.atomic():
        doc = Document.objects.create(
            org=org, doc_type=doc_type, party=party, fields=stored, created_by=user,
            source_type=source._meta.label if source is not None else "",
            source_id=str(source.pk) if source is not None else "",
        )
        audit_record(event="documents.draft.create", actor=user, obj=doc, request=request,
                     detail={"doc_type": doc_type, "source": f"{doc.source_type}#{doc.source_id}"})
    return doc


def document_draft_update(*, user, document: Document, fields: dict[str, Any], expected_version: int,
                          request=None) -> Document:
    ensure_can_write(user, document.org_id, issuer_roles(document.doc_type))
    if not document.is_draft:
        raise ValidationError("文书已签发或作废，不能再修改。")
    stored = dict(document.fields)
    stored.update(_clean_fields(document.doc_type, fields, strict=False))
    document.fields = stored
    with transaction.atomic():
        save_with_lock(document, expected_version=expected_version, update_fields=["fields"])
        audit_record(event="documents.draft.update", actor=user, obj=document, request=request)
    return document


def document_render(*, document: Document, bureau: BureauSettings, number: str, issue_date: dt.date,
                    seal_png: bytes | None = None) -> tuple[bytes, str]:
    """The render path shared by preview and issue: (filled .docx bytes, template SHA-256)."""
    template, template_sha = active_template(document.org_id, document.doc_type)
    context = render_context(document, bureau=bureau, number=number, issue_date=issue_date)
    return render_docx(template, context, seal_png=seal_png), template_sha


def document_preview_html(*, document: Document, issue_date: dt.date | None = None) -> str:
    """HTML of the document as it would be issued now (draft) or as it was issued (frozen file)."""
    if not document.is_draft and document.docx_file:
        return docx_to_html(read_verified(document.docx_file, document.docx_sha256))
    data, _sha = document_render(document=document, bureau=bureau_settings_for(document.org), number=DRAFT_NUMBER,
                                 issue_date=issue_date or timezone.localdate())
    return docx_to_html(data)


def _seal_bytes(bureau: BureauSettings) -> bytes | None:
    if not bureau.seal_image:
        return None
    with bureau.seal_image.open("rb") as fh:
        return fh.read()


def document_issue(*, user, document: Document, issue_date: dt.date | None = None, convert_pdf: bool = True,
                   request=None) -> Document:
    """签发: take the next number, render and freeze the .docx in one transaction; then make the PDF."""
    ensure_can_write(user, document.org_id, issuer_roles(document.doc_type))
    issue_date = issue_date or timezone.localdate()
    bureau = bureau_settings_for(document.org)
    seal = _seal_bytes(bureau)
    stored_name = ""
    try:
        with transaction.atomic():
            doc = Document.objects.select_for_update().get(pk=document.pk)
            if not doc.is_draft:
                raise ValidationError("该文书已签发或已作废，不能重复签发。")
            _clean_fields(doc.doc_type, doc.fields, strict=True)  # the locked row's blanks, all filled
            seq = next_seq(org_id=doc.org_id, doc_type=doc.doc_type, year=issue_date.year)
            doc.year, doc.seq = issue_date.year, seq
            doc.number = format_number(bureau.pattern_for(doc.doc_type), short=bureau.short_name,
                                       year=issue_date.year, seq=seq)
            data, template_sha = document_render(document=doc, bureau=bureau, number=doc.number,
                                                 issue_date=issue_date, seal_png=seal)
            doc.docx_sha256 = sha256_hex(data)
            doc.docx_file.save(f"{doc.doc_type}-{issue_date.year}-{seq}-{doc.docx_sha256[:12]}.docx",
                               ContentFile(data), save=False)
            stored_name = doc.docx_file.name
            doc.template_sha256 = template_sha
            doc.fields = {**doc.fields, "issue_date": issue_date.isoformat()}
            doc.issue(by=user, at=timezone.now())
            save_with_lock(doc, expected_version=doc.lock_version, update_fields=[
                "year", "seq", "number", "docx_file", "docx_sha256", "template_sha256", "fields", "status",
                "issued_by", "issued_at",
            ])
            audit_record(event="documents.issue", actor=user, obj=doc, request=request,
                         detail={"number": doc.number, "sha256": doc.docx_sha256, "doc_type": doc.doc_type})
            if convert_pdf and settings.ROUXING_PDF_ASYNC:
                from .tasks import convert_pdf as convert_task

                # In the same transaction: the worker sees the task only once the document is committed.
                convert_task.enqueue(doc.pk, getattr(user, "pk", None))
    except Exception:
        if stored_name:  # the transaction rolled back: the stored file belongs to no document
            doc.docx_file.storage.delete(stored_name)
        raise
    if convert_pdf and not settings.ROUXING_PDF_ASYNC:
        document_convert_pdf(document=doc, user=user)
    return doc


def pdf_state(document: Document) -> str:
    """'ready', 'pending' (issued, the worker has not made it yet), 'failed' (the last attempt failed) or
    'none' (draft, voided without PDF)."""
    if document.pdf_file:
        return "ready"
    if document.status != Document.Status.ISSUED:
        return "none"
    failed = AuditEvent.objects.filter(event="documents.pdf", object_type="documents.Document",
                                       object_id=str(document.pk), result="failure").exists()
    return "failed" if failed else "pending"


def document_convert_pdf(*, document: Document, user=None) -> Document:
    """Add the PDF of an issued document (LibreOffice); a failure is audited, the .docx stays valid."""
    if document.status != Document.Status.ISSUED or document.pdf_file:
        return document
    docx = read_verified(document.docx_file, document.docx_sha256)
    try:
        pdf = convert_to_pdf(docx)
    except RuntimeError as exc:
        audit_record(event="documents.pdf", actor=user, obj=document, result="failure", detail={"error": str(exc)})
        return document
    if pdf is None:
        return document
    with transaction.atomic():
        document.pdf_sha256 = sha256_hex(pdf)
        document.pdf_file.save(f"{document.doc_type}-{document.year}-{document.seq}-{document.pdf_sha256[:12]}.pdf",
                               ContentFile(pdf), save=False)
        Document.objects.filter(pk=document.pk).update(pdf_file=document.pdf_file.name,
                                                       pdf_sha256=document.pdf_sha256)
        audit_record(event="documents.pdf", actor=user, obj=document, detail={"sha256": document.pdf_sha256})
    return document


def read_verified(field, digest: str) -> bytes:
    with field.open("rb") as fh:
        data = fh.read()
    if sha256_hex(data) != digest:
        raise ValidationError("文书文件的摘要与签发时不符，文件可能已被篡改，已拒绝提供。")
    return data


def document_void(*, user, document: Document, reason: str, request=None) -> Document:
    """作废: the document stays on record with its number, which is recorded and never reused."""
    ensure_can_write(user, document.org_id, VOID_ROLES)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废理由。")
    with transaction.atomic():
        doc = Document.objects.select_for_update().get(pk=document.pk)
        if doc.status != Document.Status.ISSUED:
            raise ValidationError("只有已签发的文书可以作废。")
        now = timezone.now()
        doc.void(by=user, at=now, reason=reason)
        save_with_lock(doc, expected_version=doc.lock_version,
                       update_fields=["status", "voided_by", "voided_at", "void_reason"])
        VoidedNumber.objects.create(org_id=doc.org_id, document=doc, doc_type=doc.doc_type, year=doc.year,  # type: ignore[misc]  # issued: numbered
                                    seq=doc.seq, number=doc.number, reason=reason, voided_by=user, voided_at=now)
        audit_record(event="documents.void", actor=user, obj=doc, request=request,
                     detail={"number": doc.number, "reason": reason})
    return doc


def document_download(*, user, document: Document, kind: str, request=None) -> tuple[bytes, str, str]:
    """The frozen file (digest verified) as (bytes, filename, content type); every download is audited."""
    if kind == "pdf":
        field, digest, ctype = document.pdf_file, document.pdf_sha256, "application/pdf"
    else:
        field, digest = document.docx_file, document.docx_sha256
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if document.is_draft or not field:
        raise ValidationError("该文书没有可下载的文件。")
    data = read_verified(field, digest)
    audit_record(event="documents.download", actor=user, obj=document, request=request,
                 detail={"kind": kind, "number": document.number})
    filename = f"{document.get_doc_type_display()}-{document.number}.{kind}"
    return data, filename, ctype


def delivery_scan(*, user, delivery: DeliveryRecord, request=None) -> tuple[bytes, str, str]:
    """The signed scan of a delivery (digest verified), audited like every download."""
    if not delivery.scan:
        raise ValidationError("该送达记录没有签收扫描件。")
    data = read_verified(delivery.scan, delivery.scan_sha256)
    audit_record(event="documents.delivery.scan_download", actor=user, obj=delivery.document, request=request,
                 detail={"delivery": delivery.pk})
    ext = delivery.scan.name.rsplit(".", 1)[-1]
    return data, f"送达回证-{delivery.document.number}-{delivery.pk}.{ext}", delivery.scan_content_type


def delivery_record(*, user, document: Document, deliverer: str, recipient: str, delivered_at: dt.datetime,
                    method: str, scan: bytes | None = None, note: str = "", address: str = "",
                    consent_confirmed: bool = False, request=None) -> DeliveryRecord:
    """送达记录 of an issued document, with an optional signed scan of the 送达回证 (PDF/PNG/JPEG by
    content, SHA-256 kept). The one way a delivery is recorded: the penalty procedure's
    `cases.services.delivery_record` calls it after its own gates."""
    ensure_can_write(user, document.org_id, ISSUER_ROLES)
    if document.status != Document.Status.ISSUED:
        raise ValidationError("只有已签发的文书可以登记送达。")
    if not deliverer.strip() or not recipient.strip():
        raise ValidationError("请填写送达人和被送达人。")
    if method not in DeliveryRecord.Method.values:
        raise ValidationError("送达方式无效。")
    if delivered_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError("送达时间不能晚于当前时间。")
    row = DeliveryRecord(document=document, deliverer=deliverer.strip(), recipient=recipient.strip(),
                         delivered_at=delivered_at, method=method, address=address.strip(),
                         consent_confirmed=consent_confirmed, note=note.strip(), recorded_by=user)
    row.clean()
    if scan:
        ctype = _sniff(scan, SCAN_TYPES)
        if ctype is None:
            raise ValidationError("签收扫描件须为 PDF、PNG 或 JPEG 文件（按文件内容识别）。")
        if len(scan) > settings.EVIDENCE_MAX_BYTES:
            raise ValidationError("签收扫描件过大。")
        row.scan_sha256, row.scan_content_type = sha256_hex(scan), ctype
        ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[ctype]
        row.scan.save(f"{row.scan_sha256}.{ext}", ContentFile(scan), save=False)
    with transaction.atomic():
        row.save()
        audit_record(event="documents.delivery", actor=user, obj=document, request=request,
                     detail={"recipient": row.recipient, "method": method, "scan_sha256": row.scan_sha256})
    return row


def documents_missing_pdf():
    """Issued documents that have no PDF yet (the worker has not run, or LibreOffice failed)."""
    return Document.objects.filter(status=Document.Status.ISSUED, pdf_file="").order_by("pk")


def regenerate_missing_pdfs(*, inline: bool = False, limit: int | None = None) -> int:
    """Make the PDF of every issued document that lacks one: enqueued for the worker, or converted here
    (`inline`). Returns how many were enqueued or converted."""
    from .tasks import convert_pdf as convert_task

    docs = documents_missing_pdf()
    if limit is not None:
        docs = docs[:limit]
    count = 0
    for doc in docs:
        if inline:
            if document_convert_pdf(document=doc).pdf_file:
                count += 1
        else:
            convert_task.enqueue(doc.pk, None)
            count += 1
    return count


def missing_pdfs_job(today: dt.date) -> str:
    """Daily job: enqueue the PDF of every issued document that still lacks one."""
    if not settings.ROUXING_PDF_ASYNC:
        return "PDF 在签发时同步生成（ROUXING_PDF_ASYNC=0），无需补生成。"
    return f"已为 {regenerate_missing_pdfs()} 份缺少 PDF 的已签发文书排队生成 PDF。"

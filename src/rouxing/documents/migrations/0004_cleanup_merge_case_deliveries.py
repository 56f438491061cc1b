"""Merge the former `cases.Delivery` rows into `documents.DeliveryRecord`, the one delivery model.

Each case delivery served an issued document (the 告知书 or 决定书). Since the documents app's record
was written alongside it, most rows already have a twin (same document and recipient, delivered the
same day): the twin gets the case row's 电子送达确认书 flag and its id (`legacy_case_delivery_id`, so
the old audit events stay findable). A row without a twin becomes a new DeliveryRecord (09:00 of its
delivery day, the recording officer as 送达人). Evidence files attached to a case delivery are pointed
at its DeliveryRecord. A case delivery whose document cannot be found stops the migration: nothing is
dropped silently.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

METHODS = {"direct": "direct", "left": "left", "mail": "post", "electronic": "electronic",
           "entrusted": "entrusted", "announcement": "public_notice"}


def _document_id(row):
    if row.issued_document_id:
        return row.issued_document_id
    if row.kind == "decision" and row.decision_id and row.decision.document_id:
        return row.decision.document_id
    if row.kind == "notice" and row.case.notice_document_id:
        return row.case.notice_document_id
    return None


def _twin(DeliveryRecord, row, document_id, taken):
    candidates = DeliveryRecord.objects.filter(document_id=document_id, recipient=row.recipient,
                                               legacy_case_delivery_id__isnull=True).exclude(pk__in=taken)
    for record in candidates.order_by("pk"):
        if timezone.localtime(record.delivered_at).date() == row.delivered_on or record.created_at.date() == \
                row.created_at.date():
            return record
    return None


def merge(apps, schema_editor):
    Delivery = apps.get_model("cases", "Delivery")
    DeliveryRecord = apps.get_model("documents", "DeliveryRecord")
    EvidenceFile = apps.get_model("cases", "EvidenceFile")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = list(Delivery.objects.select_related("case", "decision", "recorded_by").order_by("pk"))
    orphans = [row.pk for row in rows if _document_id(row) is None]
    if orphans:
        raise RuntimeError(f"cases.Delivery rows {orphans} name no issued document; attach one before migrating.")
    old_type = ContentType.objects.filter(app_label="cases", model="delivery").first()
    new_type = None
    taken: set[int] = set()
    for row in rows:
        document_id = _document_id(row)
        at = timezone.make_aware(dt.datetime.combine(row.delivered_on, dt.time(9, 0)))
        record = _twin(DeliveryRecord, row, document_id, taken)
        if record is None:
            user = row.recorded_by
            record = DeliveryRecord(
                document_id=document_id, deliverer=(user.full_name or user.username)[:100],
                recipient=row.recipient, method=METHODS.get(row.method, "direct"), note=row.note,
                recorded_by_id=row.recorded_by_id, delivered_at=at)
        elif timezone.localtime(record.delivered_at).date() != row.delivered_on:
            record.delivered_at = at  # the case row's date is the one the procedure counted from
        record.consent_confirmed = row.consent_confirmed
        record.legacy_case_delivery_id = row.pk
        record.save()
        DeliveryRecord.objects.filter(pk=record.pk).update(created_at=row.created_at)
        taken.add(record.pk)
        if old_type is not None and EvidenceFile.objects.filter(target_type=old_type, target_id=row.pk).exists():
            if new_type is None:
                new_type, _ = ContentType.objects.get_or_create(app_label="documents", model="deliveryrecord")
            EvidenceFile.objects.filter(target_type=old_type, target_id=row.pk).update(
                target_type=new_type, target_id=record.pk)


def unmerge(apps, schema_editor):
    """Reverse: the cases.Delivery rows come back from the merged records (09:00 dates as recorded)."""
    Delivery = apps.get_model("cases", "Delivery")
    DeliveryRecord = apps.get_model("documents", "DeliveryRecord")
    Case = apps.get_model("cases", "Case")
    PenaltyDecision = apps.get_model("cases", "PenaltyDecision")
    back = {v: k for k, v in METHODS.items()}
    for record in DeliveryRecord.objects.filter(legacy_case_delivery_id__isnull=False).select_related("document"):
        doc = record.document
        case = Case.objects.get(pk=int(doc.source_id))
        decision = PenaltyDecision.objects.filter(document_id=doc.pk).first()
        Delivery.objects.create(
            id=record.legacy_case_delivery_id, case=case, kind="decision" if decision else "notice",
            decision=decision, issued_on=decision.decided_on if decision else case.notified_on,
            issued_document_id=doc.pk, method=back.get(record.method, "direct"),
            delivered_on=timezone.localtime(record.delivered_at).date(), recipient=record.recipient,
            consent_confirmed=record.consent_confirmed, note=record.note, recorded_by_id=record.recorded_by_id)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_cleanup_delivery_record_fields"),
        ("cases", "0013_merge_20261205_0042"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(merge, unmerge)]

"""归档: freeze a closed case and export its file as one zip with a manifest of SHA-256 digests.

The zip holds `case.json` (the case record), `decision_trace.json` (every engine decision with its
trace), `audit_log.json` (the audit events of the case and of every object belonging to it),
`evidence/` (each file verified against its digest), `documents/` (the issued documents with their
delivery scans, `rouxing.documents.selectors.case_documents(case) -> [(name, bytes)]`) and
`manifest.json` (`{"files": {path: sha256}}`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rouxing.core.models import AuditEvent
from rouxing.documents.selectors import case_documents, deliveries_of_source

from ..models import Case, EvidenceFile
from ._common import OFFICER, ensure_role, locked, move_case, snapshot
from .evidence import evidence_read_verified


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


def case_objects(case: Case) -> list:
    """Every record belonging to the case file (for the audit extract and the case record)."""
    findings = list(case.findings.select_related("inspection"))
    objs: list = [case, *findings, *case.legal_reviews.all(), *deliveries_of_source(case), *case.return_visits.all(),
                  *case.measures.all()]
    for finding in findings:
        objs.append(finding.inspection)
        objs.extend(finding.measures.all())
        objs.extend(finding.commitments.all())
        for order in finding.rectification_orders.all():
            objs.append(order)
            objs.extend(order.reinspections.all())
    decision = getattr(case, "decision", None) if hasattr(case, "decision") else None
    if decision is not None:
        objs.append(decision)
    execution = getattr(case, "execution", None) if hasattr(case, "execution") else None
    if execution is not None:
        objs.append(execution)
        objs.extend(execution.instalments.all())
    objs.extend(case_evidence(case))
    unique = {(o._meta.label, o.pk): o for o in objs}
    return list(unique.values())


def case_evidence(case: Case) -> list[EvidenceFile]:
    """Evidence attached to the case or to any of its findings' steps."""
    from django.contrib.contenttypes.models import ContentType

    query = Q(case=case)
    for finding in case.findings.all():
        query |= Q(target_type=ContentType.objects.get_for_model(finding), target_id=finding.pk)
        query |= Q(target_type=ContentType.objects.get_for_model(finding.inspection), target_id=finding.inspection_id)
    return list(EvidenceFile.objects.filter(query).order_by("pk"))


def case_audit_events(case: Case) -> list[AuditEvent]:
    query = Q(pk__in=[])
    for obj in case_objects(case):
        query |= Q(object_type=obj._meta.label, object_id=str(obj.pk))
        if getattr(obj, "legacy_case_delivery_id", None):  # events of the merged cases.Delivery row
            query |= Q(object_type="cases.Delivery", object_id=str(obj.legacy_case_delivery_id))
    return list(AuditEvent.objects.filter(query).order_by("id"))


def _documents(case: Case) -> list[tuple[str, bytes]]:
    return list(case_documents(case))


def _case_record(case: Case) -> dict[str, Any]:
    return {"objects": [{"type": o._meta.label, "id": o.pk, "fields": snapshot(o)} for o in case_objects(case)]}


def _trace(case: Case) -> dict[str, Any]:
    return {
        "case": {"engine_version": case.engine_version, "list_version": case.list_version,
                 "decision": case.engine_decision},
        "findings": [{"id": f.pk, "facts": f.facts, "decision": f.decision, "engine_version": f.engine_version,
                      "list_version": f.list_version, "recommended": f.recommended_outcome,
                      "chosen": f.chosen_outcome, "departure_reason": f.departure_reason}
                     for f in case.findings.order_by("pk")],
    }


def build_archive(case: Case) -> bytes:
    """The zip of the case file; evidence that fails its digest check aborts the archive."""
    files: dict[str, bytes] = {
        "case.json": _json(_case_record(case)),
        "decision_trace.json": _json(_trace(case)),
        "audit_log.json": _json([
            {"id": e.pk, "at": e.at, "actor": e.actor_name, "event": e.event, "object_type": e.object_type,
             "object_id": e.object_id, "result": e.result, "detail": e.detail, "prev_digest": e.prev_digest,
             "digest": e.digest} for e in case_audit_events(case)
        ]),
    }
    for evidence in case_evidence(case):
        files[f"evidence/{evidence.sha256[:16]}-{evidence.original_name}"] = evidence_read_verified(evidence)
    for name, data in _documents(case):
        files[f"documents/{Path(name).name}"] = data
    manifest = {
        "case": case.number, "case_id": case.pk, "created_at": timezone.now().isoformat(),
        "algorithm": "SHA-256",
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(path, data)
        archive.writestr("manifest.json", _json(manifest))
    return buffer.getvalue()


def archive_path(case: Case) -> Path:
    return Path(settings.MEDIA_ROOT) / "archives" / f"case-{case.pk}-{case.archive_sha256[:16]}.zip"


@transaction.atomic
def case_archive(*, user, case: Case, expected_version: int) -> Case:
    """归档: closed → archived; the case file is frozen and exported once (never overwritten)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    if case.status != Case.Status.CLOSED:
        raise ValidationError("只有已结案的案件可以归档。")
    data = build_archive(case)
    case.archive_sha256 = hashlib.sha256(data).hexdigest()
    case.archived_at = timezone.now()
    path = archive_path(case)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(data)
        path.chmod(0o440)
    return move_case(case, "archive", user=user, expected_version=expected_version,
                     event="cases.case.archive", fields=["archive_sha256", "archived_at"],
                     extra={"archive_sha256": case.archive_sha256, "date": dt.date.today().isoformat()})


def archive_read_verified(case: Case) -> bytes:
    data = archive_path(case).read_bytes()
    if hashlib.sha256(data).hexdigest() != case.archive_sha256:
        raise ValidationError("归档包校验失败：内容与登记的摘要不一致。")
    return data

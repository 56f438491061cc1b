"""Writes of the reports app: submit (freeze) a statistics report, annual inspection plans, 双随机
draws and 案卷评议 scores. Keyword-only, one transaction each, each with an audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from rouxing.core.audit import audit_record
from rouxing.orgs.access import can_read_org, ensure_can_write
from rouxing.orgs.models import Org, Role, User
from rouxing.orgs.roles import REVIEW_ROLES, SUBMIT_ROLES

from . import aggregation
from .definition import COLUMNS, Period
from .export import build_xlsx
from .models import REVIEW_CHECKLIST, REVIEW_MAX, CaseFileReview, ReportSubmission
from .selectors import build_snapshot, covered_org_ids


def report_submit(*, user: User, org: Org, period: Period, rollup: bool, contact_phone: str,
                  correction_reason: str = "", request=None) -> ReportSubmission:
    """Freeze the report as it stands now: snapshot JSON, .xlsx file, SHA-256 of the file, timestamp.

    Only the bureau's 负责人 or 清单管理员 submit. A second submission for the same period is a
    correction and needs a reason; the earlier submission stays unchanged.
    """
    ensure_can_write(user, org.pk, SUBMIT_ROLES)
    phone = (contact_phone or "").strip()
    if not phone:
        raise ValidationError({"contact_phone": "请填写联系电话。"})
    with transaction.atomic():
        previous = (ReportSubmission.objects.select_for_update()
                    .filter(org=org, period_kind=period.kind, year=period.year, period_index=period.index,
                            rollup=rollup))
        revision = (previous.aggregate(n=Max("revision"))["n"] or 0) + 1
        if revision > 1 and not correction_reason.strip():
            raise ValidationError({"correction_reason": "该期报表已报送，再次报送须填写更正理由。"})
        for earlier in previous.filter(status=ReportSubmission.Status.SUBMITTED):
            earlier.correct()  # 已更正: its figures, file and digest stay as submitted
            earlier.save(update_fields=["status", "updated_at"])
        snapshot = build_snapshot(user=user, org=org, period=period, rollup=rollup, contact_phone=phone)
        # the records behind each figure, so the frozen report keeps its drill-down
        snapshot["record_ids"] = {c.key: sorted(aggregation.cell_records(snapshot["org_ids"], period, c.key)
                                                .values_list("pk", flat=True)) for c in COLUMNS}
        now = timezone.now()
        snapshot["submitted_at"] = now.isoformat()
        snapshot["revision"] = revision
        data = build_xlsx(snapshot)
        digest = hashlib.sha256(data).hexdigest()
        sub = ReportSubmission(org=org, period_kind=period.kind, year=period.year, period_index=period.index,
                               rollup=rollup, revision=revision, correction_reason=correction_reason.strip(),
                               contact_phone=phone, snapshot=snapshot, sha256=digest, submitted_at=now,
                               submitted_by=user)
        sub.xlsx.save(f"{org.code}-{period.code}{'-rollup' if rollup else ''}-r{revision}.xlsx",
                      ContentFile(data), save=False)
        try:
            sub.save()
        except IntegrityError as exc:
            raise ValidationError("该期报表正在由他人报送，请刷新后重试。") from exc
        audit_record(event="report.submit", actor=user, obj=sub, request=request,
                     detail={"period": period.code, "rollup": rollup, "revision": revision, "sha256": digest,
                             "figures": snapshot["figures"], "orgs": covered_org_ids(user, org, rollup)})
    return sub


def submission_verify(*, submission: ReportSubmission) -> bool:
    """The stored .xlsx still has the digest recorded at submission."""
    with submission.xlsx.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest() == submission.sha256


def case_file_review_record(*, user: User, case, scores: dict, comments: str = "",
                            reviewed_on: dt.date | None = None, request=None) -> CaseFileReview:
    """案卷评议: score one closed case file against the checklist (once per case and year)."""
    from rouxing.cases.models import Case

    if user.role == Role.SUPERVISOR:
        if not can_read_org(user, case.org_id):
            raise PermissionDenied("您无权评议该机关的案卷。")
    else:
        ensure_can_write(user, case.org_id, REVIEW_ROLES)
    if case.status not in (Case.Status.CLOSED, Case.Status.ARCHIVED):
        raise ValidationError("只能评议已结案或已归档的案卷。")
    clean: dict[str, int] = {}
    errors = []
    for key, label, points in REVIEW_CHECKLIST:
        try:
            value = int(scores.get(key, ""))
        except (TypeError, ValueError):
            errors.append(f"请填写“{label}”的得分。")
            continue
        if not 0 <= value <= points:
            errors.append(f"“{label}”的得分应在 0–{points} 分之间。")
        clean[key] = value
    if errors:
        raise ValidationError(errors)
    reviewed_on = reviewed_on or timezone.localdate()
    total = sum(clean.values())
    with transaction.atomic():
        if CaseFileReview.objects.filter(case=case, year=reviewed_on.year).exists():
            raise ValidationError("该案卷本年度已评议。")
        review = CaseFileReview.objects.create(
            org_id=case.org_id, case=case, year=reviewed_on.year, scores=clean, total=total,
            grade=CaseFileReview.grade_for(total), comments=comments, reviewer=user, reviewed_on=reviewed_on)
        audit_record(event="case_file_review.record", actor=user, obj=review, request=request,
                     detail={"case": case.pk, "total": total, "max": sum(REVIEW_MAX.values())})
    return review

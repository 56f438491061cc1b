"""Writes of the reports app: submit (freeze) a statistics report, annual inspection plans, 双随机
draws and 案卷评议 scores. Keyword-only, one transaction each, each with an audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from rouxing.core.access import can_read_org, ensure_can_write
from rouxing.core.audit import audit_record
from rouxing.core.locking import save_with_lock
from rouxing.orgs.models import Org, Role, User

from . import aggregation, planning
from .definition import COLUMNS, Period
from .export import build_xlsx
from .models import (
    REVIEW_CHECKLIST,
    REVIEW_MAX,
    SUBMIT_ROLES,
    CaseFileReview,
    InspectionPlan,
    RandomDraw,
    ReportSubmission,
)
from .selectors import build_snapshot, covered_org_ids

PLAN_ROLES = {Role.APPROVER, Role.LIST_ADMIN, Role.OFFICER}
REVIEW_ROLES = {Role.SUPERVISOR, Role.REVIEWER, Role.APPROVER}


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


def _clean_targets(targets) -> list[int]:
    try:
        values = [int(x) for x in targets]
    except (TypeError, ValueError) as exc:
        raise ValidationError({"monthly_targets": "每月计划检查数应为整数。"}) from exc
    if len(values) != 12 or any(v < 0 for v in values):
        raise ValidationError({"monthly_targets": "请填写 1–12 月每月不小于 0 的计划检查数。"})
    return values


def inspection_plan_save(*, user: User, org: Org, year: int, title: str, monthly_targets, note: str = "",
                         key_party_ids: list[int] | None = None, expected_version: int | None = None,
                         request=None) -> InspectionPlan:
    """Create or change the bureau's annual inspection plan (草稿 only; an approved plan changes by
    re-approval after a recorded reason, seed 003: 严禁擅自改变年度监督检查计划内容)."""
    ensure_can_write(user, org.pk, PLAN_ROLES)
    targets = _clean_targets(monthly_targets)
    if not (title or "").strip():
        raise ValidationError({"title": "请填写计划名称。"})
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().filter(org=org, year=year).first()
        if plan is None:
            plan = InspectionPlan.objects.create(org=org, year=year, title=title.strip(), monthly_targets=targets,
                                                 note=note, key_party_ids=key_party_ids or [], created_by=user)
            event = "inspection_plan.create"
        else:
            if plan.status == InspectionPlan.Status.APPROVED and not note.strip():
                raise ValidationError({"note": "已批准的年度计划确需调整的，须在说明中写明调整理由。"})
            before = plan.monthly_targets
            plan.title, plan.monthly_targets, plan.note = title.strip(), targets, note
            plan.key_party_ids = key_party_ids if key_party_ids is not None else plan.key_party_ids
            plan.status, plan.approved_at = InspectionPlan.Status.DRAFT, None
            save_with_lock(plan, expected_version=plan.lock_version if expected_version is None else expected_version,
                           update_fields=["title", "monthly_targets", "note", "key_party_ids", "status", "approved_at"])
            event = "inspection_plan.update"
            audit_record(event=event, actor=user, obj=plan, request=request,
                         detail={"before": before, "after": targets})
            return plan
        audit_record(event=event, actor=user, obj=plan, request=request, detail={"targets": targets})
    return plan


def inspection_plan_approve(*, user: User, plan: InspectionPlan, request=None) -> InspectionPlan:
    ensure_can_write(user, plan.org_id, {Role.APPROVER})
    with transaction.atomic():
        plan.status, plan.approved_at = InspectionPlan.Status.APPROVED, timezone.now()
        save_with_lock(plan, expected_version=plan.lock_version, update_fields=["status", "approved_at"])
        audit_record(event="inspection_plan.approve", actor=user, obj=plan, request=request)
    return plan


def random_draw_perform(*, user: User, plan: InspectionPlan, month: int, party_count: int,
                        seed: int | None = None, request=None) -> RandomDraw:
    """双随机: draw parties (the bureau's ordinary parties, key parties excluded: they are all inspected)
    and officers (the bureau's officers holding 执法证) with a recorded seed."""
    from rouxing.parties.models import Party

    ensure_can_write(user, plan.org_id, PLAN_ROLES)
    if not 1 <= int(month) <= 12:
        raise ValidationError({"month": "月份应为 1–12。"})
    party_pool = sorted(Party.objects.filter(org_id=plan.org_id).exclude(pk__in=plan.key_party_ids or [])
                        .values_list("pk", flat=True))
    officer_pool = sorted(User.objects.filter(org_id=plan.org_id, role=Role.OFFICER, is_active=True)
                          .exclude(badge_no="").values_list("pk", flat=True))
    seed = seed if seed is not None else secrets.randbits(48)
    try:
        result = planning.draw(party_pool=party_pool, officer_pool=officer_pool, seed=seed, party_count=party_count)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        draw = RandomDraw.objects.create(plan=plan, month=month, seed=seed, party_pool=party_pool,
                                         officer_pool=officer_pool, party_ids=result.party_ids,
                                         officer_ids=result.officer_ids, pool_digest=result.pool_digest,
                                         drawn_at=timezone.now(), drawn_by=user)
        audit_record(event="random_draw.perform", actor=user, obj=draw, org_id=plan.org_id, request=request,
                     detail={"seed": seed, "parties": result.party_ids, "officers": result.officer_ids,
                             "pool_digest": result.pool_digest})
    return draw


def random_draw_publish(*, user: User, draw: RandomDraw, request=None) -> RandomDraw:
    """一公开: the draw (parties, officers, seed, pools) appears on /public/draws/ from now on."""
    ensure_can_write(user, draw.plan.org_id, PLAN_ROLES)
    with transaction.atomic():
        draw = RandomDraw.objects.select_for_update().select_related("plan").get(pk=draw.pk)
        if draw.published:
            raise ValidationError("该次抽取结果已公开。")
        draw.published = True
        draw.save(update_fields=["published"])
        audit_record(event="random_draw.publish", actor=user, obj=draw, org_id=draw.plan.org_id, request=request,
                     detail={"seed": draw.seed, "parties": draw.party_ids})
    return draw


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

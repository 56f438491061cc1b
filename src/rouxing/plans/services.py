"""Services of 双随机一公开 planning: the annual inspection plan (编制、调整、批准) and the random draws
(抽取、公开). Each checks the role and bureau first, changes the status only through the model's
transitions, and writes an audit event in the same transaction."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from rouxing.core.audit import audit_record
from rouxing.core.locking import save_with_lock
from rouxing.orgs.access import ensure_can_write
from rouxing.orgs.models import Org, Role, User
from rouxing.orgs.roles import APPROVER, PLAN_ROLES

from . import planning
from .models import InspectionPlan, RandomDraw

__all__ = ["PLAN_ROLES", "inspection_plan_approve", "inspection_plan_save", "random_draw_perform",
           "random_draw_publish"]


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
            plan.revise()
            save_with_lock(plan, expected_version=plan.lock_version if expected_version is None else expected_version,
                           update_fields=["title", "monthly_targets", "note", "key_party_ids", "status", "approved_at"])
            event = "inspection_plan.update"
            audit_record(event=event, actor=user, obj=plan, request=request,
                         detail={"before": before, "after": targets})
            return plan
        audit_record(event=event, actor=user, obj=plan, request=request, detail={"targets": targets})
    return plan


def inspection_plan_approve(*, user: User, plan: InspectionPlan, request=None) -> InspectionPlan:
    """批准 the plan (the bureau's 负责人; a draft only — an approved plan is not approved twice)."""
    ensure_can_write(user, plan.org_id, APPROVER)
    if not can_proceed(plan.approve):
        raise ValidationError(f"该计划当前状态为“{plan.get_status_display()}”，只有草稿可以批准。")
    with transaction.atomic():
        plan.approve(at=timezone.now())
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

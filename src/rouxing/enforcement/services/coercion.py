"""行政强制措施 services (行政强制法 ch. 3; 安全生产法 arts. 65, 70; seed 002 item 5).

Each step re-reads the measure locked, checks the role, refuses with a Chinese message naming the
article (nothing written), and appends an audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.cases.models import Finding
from rouxing.cases.services._common import run_engine

from ..models import (
    ENGINE_MEASURE,
    POWER_CUT_NOTICE_HOURS,
    SEAL_EXTENSION_MAX_DAYS,
    SEAL_KINDS,
    SEAL_PERIOD_DAYS,
    SUSPENSION_KINDS,
    BureauPrincipal,
    CoerciveMeasure,
    MeasureKind,
)
from ._common import (
    APPROVER,
    OFFICER,
    REVIEWER,
    WORKERS,
    audit,
    ensure_role,
    locked,
    next_number,
    now,
    require,
    save_locked,
    snapshot,
    take,
    two_officers,
)

S = CoerciveMeasure.Status
G = CoerciveMeasure.LiftGround
REVIEW_RULE = "昌吉州应急管理局包容审慎监管措施第五项：行政强制案件一律经法制审核"
LIFT_GROUNDS = {
    **{k: {G.NO_VIOLATION, G.UNRELATED, G.DECIDED, G.EXPIRED, G.NOT_NEEDED} for k in SEAL_KINDS},
    **{k: {G.DANGER_REMOVED} for k in SUSPENSION_KINDS},
    MeasureKind.POWER_CUT: {G.COMPLIED},
}


def engine_answer(finding: Finding, kind: str) -> dict[str, Any]:
    """The decision contract's `coercion` answer for `kind` on the finding: the stored decision's when it
    asked this measure, else the engine asked now with the finding's facts and `coercive_measure`."""
    measure = ENGINE_MEASURE[MeasureKind(kind)]
    stored = (finding.decision or {}).get("coercion") or {}
    if stored.get("measure") == measure:
        return stored
    return run_engine({**(finding.facts or {}), "coercive_measure": measure}).get("coercion") or {}


def _not_future(at: dt.datetime, label: str) -> dt.datetime:
    if at > now() + dt.timedelta(minutes=5):
        raise ValidationError(f"{label}不能晚于当前时间。")
    return at


@transaction.atomic
def measure_propose(*, user, finding: Finding, kind: str, reason: str, basis: str, items: list | None = None,
                    place: str = "", emergency: bool = False) -> CoerciveMeasure:
    """提出行政强制措施: refused where the engine (不予实施行政强制措施清单, 安全生产法 art. 70) refuses it."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if kind not in MeasureKind.values:
        raise ValidationError("强制措施种类无效。")
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError("该问题已办结，不能再采取行政强制措施。")
    if CoerciveMeasure.objects.filter(finding=finding, kind=kind, status__in=CoerciveMeasure.OPEN).exists():
        raise ValidationError("该问题已有同类强制措施在办，不得重复采取（行政强制法第二十三条第二款）。")
    reason = require(reason, "请填写采取行政强制措施的理由（行政强制法第十八条第五项、第二十四条第二款第二项）。")
    basis = require(basis, "请填写采取行政强制措施的法律依据（行政强制法第十八条第五项、第二十四条第二款第二项）。")
    clean_items = [i for i in (items or []) if str(i.get("name", "")).strip()]
    if kind in SEAL_KINDS and not clean_items:
        raise ValidationError("查封、扣押须附清单，载明场所、设施或者财物的名称、数量（行政强制法第二十四条）。")
    answer = engine_answer(finding, kind)
    if answer.get("allowed") is False:
        raise ValidationError(f"裁量助手不同意采取该措施：{answer.get('reason', '')}"
                              "（行政强制法第五条）。适用不予行政强制清单的，请记录“不予行政强制”。")
    measure = CoerciveMeasure.objects.create(
        org_id=finding.org_id, finding=finding, party_id=finding.party_id, kind=kind, emergency=bool(emergency),
        reason=reason, basis=basis, place=(place or "").strip(), items=clean_items if kind in SEAL_KINDS else [],
        engine_answer=answer, engine_ground=str(answer.get("reason", "")), proposed_by=user, proposed_at=now(),
    )
    audit("enforcement.measure.propose", user=user, obj=measure,
          extra={"engine_allowed": answer.get("allowed"), "emergency": measure.emergency})
    return measure


@transaction.atomic
def measure_review(*, user, measure: CoerciveMeasure, passed: bool, opinion: str = "",
                   expected_version: int | None = None) -> CoerciveMeasure:
    """法制审核 of a measure (seed 002 item 5) by a reviewer other than the proposer."""
    measure = locked(CoerciveMeasure, measure.pk)
    ensure_role(user, measure.org_id, REVIEWER)
    if user.pk == measure.proposed_by_id:
        raise ValidationError("法制审核人员不得审核本人提出的强制措施（法制审核制度）。")
    on_the_spot = measure.emergency and measure.status == S.IN_FORCE
    if measure.review_passed is not None or (measure.status != S.PROPOSED and not on_the_spot):
        raise ValidationError(f"该强制措施当前状态为“{measure.get_status_display()}”，不能进行法制审核。")
    if not passed:
        require(opinion, "法制审核不通过的，须写明审核意见。")
    before = snapshot(measure)
    take(measure, "review_on_the_spot" if on_the_spot else ("pass_review" if passed else "return_review"))
    measure.reviewed_by, measure.reviewed_at = user, now()
    measure.review_passed, measure.review_opinion = bool(passed), (opinion or "").strip()
    save_locked(measure, expected_version=expected_version,
                fields=["status", "reviewed_by", "reviewed_at", "review_passed", "review_opinion"])
    audit("enforcement.measure.review", user=user, obj=measure, before=before)
    return measure


def _lift_fields(measure: CoerciveMeasure, *, user, ground: str, note: str, returned: list) -> list[str]:
    take(measure, "lift")
    measure.lifted_at, measure.lifted_by = now(), user
    measure.lift_ground, measure.lift_note, measure.returned_items = ground, note, returned
    return ["status", "lifted_at", "lifted_by", "lift_ground", "lift_note", "returned_items"]


@transaction.atomic
def measure_approve(*, user, measure: CoerciveMeasure, approve: bool, opinion: str = "",
                    expected_version: int | None = None) -> CoerciveMeasure:
    """负责人批准 before execution (art. 18(一)), or 补办批准 within 24 hours of an emergency measure
    (art. 19); not approving an emergency measure lifts it at once. 停止供电 needs the 主要负责人 (安全生产法 art. 70)."""
    measure = locked(CoerciveMeasure, measure.pk)
    ensure_role(user, measure.org_id, APPROVER)
    after_the_fact = measure.emergency and measure.status == S.IN_FORCE
    if after_the_fact and measure.approved_by_id is not None:
        raise ValidationError("该强制措施已补办批准手续。")
    if not after_the_fact and measure.status != S.REVIEWED:
        raise ValidationError(f"该强制措施当前状态为“{measure.get_status_display()}”，"
                              "须经法制审核通过后报负责人批准（" + REVIEW_RULE + "）。")
    if not approve:
        require(opinion, "不予批准的，须写明理由。")
    else:
        if measure.review_passed is not True:
            raise ValidationError(f"行政强制措施须经法制审核通过后方可批准（{REVIEW_RULE}）。")
        if measure.kind == MeasureKind.POWER_CUT and not BureauPrincipal.objects.filter(
                org_id=measure.org_id, user=user).exists():
            raise ValidationError("停止供电须经本部门主要负责人批准（安全生产法第七十条第一款）。")
        deadline = measure.approval_deadline
        if after_the_fact and deadline is not None and now() > deadline:
            raise ValidationError("当场实施的行政强制措施须在二十四小时内补办批准手续，现已超过期限，不能补办批准"
                                  "（行政强制法第十九条）；请立即解除该措施。")
    before = snapshot(measure)
    if after_the_fact:
        take(measure, "approve_after_the_fact")
    # The deciding 负责人 is kept either way; only an approval has a time (`approved_at`).
    measure.approved_by, measure.approved_at = user, (now() if approve else None)
    measure.approval_opinion = (opinion or "").strip()
    fields = ["approved_by", "approved_at", "approval_opinion"]
    if after_the_fact and not approve:
        fields += _lift_fields(measure, user=user, ground=G.NOT_APPROVED, note=measure.approval_opinion,
                               returned=list(measure.items))
    elif not after_the_fact:
        take(measure, "approve" if approve else "reject")
        fields.append("status")
    save_locked(measure, expected_version=expected_version, fields=fields)
    audit("enforcement.measure.approve", user=user, obj=measure, before=before,
          extra={"approved": bool(approve), "after_the_fact": after_the_fact})
    return measure


@transaction.atomic
def power_cut_notify(*, user, measure: CoerciveMeasure, supplier: str, supplier_notified_at: dt.datetime,
                     party_notice_at: dt.datetime | None = None,
                     expected_version: int | None = None) -> CoerciveMeasure:
    """停止供电: written notice to the 供电单位 and the 24-hour advance notice to the party (安全生产法 art. 70)."""
    measure = locked(CoerciveMeasure, measure.pk)
    ensure_role(user, measure.org_id, OFFICER)
    if measure.kind != MeasureKind.POWER_CUT:
        raise ValidationError("只有停止供电措施需要通知供电单位。")
    if measure.status not in (S.APPROVED, *((S.PROPOSED, S.REVIEWED) if measure.emergency else ())):
        raise ValidationError("停止供电须经本部门主要负责人批准后方可通知实施（安全生产法第七十条第一款）。")
    supplier = require(supplier, "请填写供电单位名称（安全生产法第七十条第一款：通知应当采用书面形式）。")
    before = snapshot(measure)
    take(measure, "notify_power_cut")
    measure.supplier = supplier
    measure.supplier_notified_at = _not_future(supplier_notified_at, "通知供电单位时间")
    measure.party_notice_at = _not_future(party_notice_at, "通知当事人时间") if party_notice_at else None
    save_locked(measure, expected_version=expected_version,
                fields=["supplier", "supplier_notified_at", "party_notice_at"])
    audit("enforcement.measure.power_cut_notify", user=user, obj=measure, before=before)
    return measure


def _power_cut_ready(measure: CoerciveMeasure, executed_at: dt.datetime) -> None:
    if measure.supplier_notified_at is None:
        raise ValidationError("停止供电须书面通知供电单位（安全生产法第七十条第一款）。")
    if measure.emergency:
        return
    notice = measure.party_notice_at
    if notice is None or executed_at < notice + dt.timedelta(hours=POWER_CUT_NOTICE_HOURS):
        raise ValidationError("除有危及生产安全的紧急情形外，停止供电应当提前二十四小时通知生产经营单位"
                              "（安全生产法第七十条第二款）。")


@transaction.atomic
def measure_execute(*, user, measure: CoerciveMeasure, officers, scene_record: str, party_informed: bool,
                    party_signed: bool = False, signature_note: str = "", statement: str = "",
                    executed_at: dt.datetime | None = None, expected_version: int | None = None) -> CoerciveMeasure:
    """实施: by two officers, the party told the reasons, basis, rights and remedies, 现场笔录 signed or
    the refusal/witness noted (art. 18(二)–(九)); 查封、扣押 run 30 calendar days (art. 25)."""
    measure = locked(CoerciveMeasure, measure.pk)
    ensure_role(user, measure.org_id, OFFICER)
    allowed = (S.APPROVED, *((S.PROPOSED, S.REVIEWED) if measure.emergency else ()))
    if measure.status not in allowed:
        raise ValidationError("实施行政强制措施前须向行政机关负责人报告并经批准（行政强制法第十八条第一项）；"
                              "情况紧急需要当场实施的，按第十九条在二十四小时内补办批准手续。")
    officers = two_officers(officers, measure.org_id, "行政强制法第十八条第二项")
    executed_at = _not_future(executed_at or now(), "实施时间")
    if not party_informed:
        raise ValidationError("须当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径"
                              "（行政强制法第十八条第五项）。")
    scene_record = require(scene_record, "须制作现场笔录（行政强制法第十八条第七项）。")
    if not party_signed and not (signature_note or "").strip():
        raise ValidationError("现场笔录须由当事人签名；当事人拒绝或不到场的，须注明并由见证人签名"
                              "（行政强制法第十八条第八项、第九项）。")
    if measure.kind == MeasureKind.POWER_CUT:
        _power_cut_ready(measure, executed_at)
    before = snapshot(measure)
    take(measure, "execute")
    measure.executed_at, measure.party_informed = executed_at, True
    measure.scene_record, measure.statement = scene_record, (statement or "").strip()
    measure.party_signed, measure.signature_note = bool(party_signed), (signature_note or "").strip()
    measure.starts_on = timezone.localdate(executed_at)
    if measure.is_seal:
        # Calendar days, not moved to a working day: the period limits the measure (art. 25).
        measure.ends_on = measure.starts_on + dt.timedelta(days=SEAL_PERIOD_DAYS)
    measure.number = next_number(CoerciveMeasure, measure.org, executed_at.year, "强", "executed_at")
    save_locked(measure, expected_version=expected_version, fields=[
        "status", "executed_at", "party_informed", "scene_record", "statement", "party_signed", "signature_note",
        "starts_on", "ends_on", "number"])
    measure.officers.set(officers)
    audit("enforcement.measure.execute", user=user, obj=measure, before=before,
          extra={"officers": [o.pk for o in officers]})
    return measure


@transaction.atomic
def measure_extend(*, user, measure: CoerciveMeasure, days: int, reason: str, notified_on: dt.date | None,
                   expected_version: int | None = None) -> CoerciveMeasure:
    """延长查封、扣押: once, at most 30 more days, approved by the 负责人 and notified in writing (art. 25)."""
    measure = locked(CoerciveMeasure, measure.pk)
    ensure_role(user, measure.org_id, APPROVER)
    if not measure.is_seal:
        raise ValidationError("只有查封、扣押可以延长期限（行政强制法第二十五条）。")
    if measure.status != S.IN_FORCE or measure.ends_on is None:
        raise ValidationError(f"该强制措施当前状态为“{measure.get_status_display()}”，不能延长。")
    if measure.extension_days:
        raise ValidationError("查封、扣押期限只能延长一次（行政强制法第二十五条第一款）。")
    if not 1 <= int(days) <= SEAL_EXTENSION_MAX_DAYS:
        raise ValidationError("查封、扣押的延长期限不得超过三十日（行政强制法第二十五条第一款）。")
    if timezone.localdate() > measure.ends_on:
        raise ValidationError("查封、扣押期限已经届满，应当解除（行政强制法第二十八条第一款第四项），不能再延长。")
    reason = require(reason, "延长查封、扣押须说明理由（行政强制法第二十五条第二款）。")
    if notified_on is None:
        raise ValidationError("延长查封、扣押的决定应当及时书面告知当事人（行政强制法第二十五条第二款）。")
    before = snapshot(measure)
    take(measure, "extend")
    measure.extension_days, measure.extension_reason = int(days), reason
    measure.extension_approved_by, measure.extension_notified_on = user, notified_on
    measure.ends_on = measure.ends_on + dt.timedelta(days=int(days))
    save_locked(measure, expected_version=expected_version, fields=[
        "extension_days", "extension_reason", "extension_approved_by", "extension_notified_on", "ends_on"])
    audit("enforcement.measure.extend", user=user, obj=measure, before=before)
    return measure


@transaction.atomic
def measure_lift(*, user, measure: CoerciveMeasure, ground: str, note: str = "", returned_items: list | None = None,
                 expected_version: int | None = None) -> CoerciveMeasure:
    """解除: 查封、扣押 on an art. 28 ground with the items returned; 暂时停产停业/停止使用 after 复查 found
    the danger removed (安全生产法 art. 65(1)(三)); 停止供电 once the party complied (art. 70(2))."""
    measure = locked(CoerciveMeasure, measure.pk)
    ensure_role(user, measure.org_id, WORKERS)
    if measure.status != S.IN_FORCE:
        raise ValidationError(f"该强制措施当前状态为“{measure.get_status_display()}”，不能解除。")
    grounds = set(LIFT_GROUNDS[MeasureKind(measure.kind)])
    if measure.emergency and measure.approved_at is None:  # overdue 补办批准 (art. 19)
        grounds.add(G.NOT_APPROVED)
    if ground not in grounds:
        allowed = "、".join(G(g).label for g in sorted(grounds))
        raise ValidationError(f"该措施的解除理由须为：{allowed}。")
    note = (note or "").strip()
    if measure.kind in SUSPENSION_KINDS and not note:
        raise ValidationError("暂时停产停业、停止使用相关设施设备，须经复查确认重大事故隐患已排除后方可解除，"
                              "请填写复查情况（安全生产法第六十五条第一款第三项）。")
    if measure.kind == MeasureKind.POWER_CUT and not note:
        raise ValidationError("请写明当事人履行决定、消除事故隐患的情况（安全生产法第七十条第二款）。")
    returned = [i for i in (returned_items or []) if str(i.get("name", "")).strip()]
    if measure.is_seal and measure.items and not returned:
        raise ValidationError("解除查封、扣押应当立即退还财物，请填写退还清单（行政强制法第二十八条第二款）。")
    before = snapshot(measure)
    fields = _lift_fields(measure, user=user, ground=ground, note=note, returned=returned)
    save_locked(measure, expected_version=expected_version, fields=fields)
    audit("enforcement.measure.lift", user=user, obj=measure, before=before)
    return measure

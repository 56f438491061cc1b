"""行政处罚决定公示: publish a penalty decision on the public pages and withdraw it when its period ends,
when credit repair (信用修复) is granted or when the decision is changed or revoked.

The deadline is `decided_on` + `CASES_DECISION_PUBLICITY_WORKDAYS` working days (default 7: 安全生产法
art. 78 ¶2 and seed 003 三(三)1). A 不予行政处罚 decision is not published: no seed or statute on file asks
for it (seed 004's 公开原则 is disclosure to the party, not to the public). Publishing also writes the
party's 行政处罚信息公示 credit record, whose `expires_on` is the longest publicity period
(`CASES_PUBLICITY_MAX_DAYS`, default 365: 一般失信信息最长公示期1年 — reported for the 2026 信用修复管理办法,
legal reference §6.2; configurable, not asserted as law).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.core.audit import audit_record
from rouxing.core.locking import save_with_lock
from rouxing.core.workdays import add_workdays
from rouxing.parties.models import CreditRecord

from ..models import PenaltyDecision
from ._common import CASE_WORKERS, audit, calendar, ensure_role, locked, save_locked, snapshot


def publicity_workdays() -> int:
    return int(getattr(settings, "CASES_DECISION_PUBLICITY_WORKDAYS", 7))


def publicity_deadline_for(decided_on: dt.date) -> dt.date:
    """The last day to publish a decision made on `decided_on` (working days: weekends, holidays, 调休)."""
    return calendar(add_workdays, decided_on, publicity_workdays())


def publicity_max_days() -> int:
    return int(getattr(settings, "CASES_PUBLICITY_MAX_DAYS", 365))


@transaction.atomic
def publicity_deadlines_recheck(*, user, years) -> int:
    """期限复核 after the 节假日安排 of `years` was entered or changed: every unpublished 公示 deadline whose
    count touches one of those years (computed 暂按周末推算 while the year was unknown) is counted again
    and, where it differs, updated and audited with the old and the new date. Returns the number updated.
    Run inside the calendar change's transaction (signal `core.workdays.calendar_year_entered`)."""
    years = set(years)
    changed = 0
    pending = PenaltyDecision.objects.filter(published_at__isnull=True, publicity_deadline__isnull=False)
    for candidate in pending.only("pk", "decided_on", "publicity_deadline"):
        deadline = candidate.publicity_deadline
        if deadline is None or not years.intersection(range(candidate.decided_on.year, deadline.year + 1)):
            continue
        decision = locked(PenaltyDecision, candidate.pk)
        recomputed = publicity_deadline_for(decision.decided_on)
        if recomputed == decision.publicity_deadline:
            continue
        before = snapshot(decision)
        decision.publicity_deadline = recomputed
        save_locked(decision, expected_version=decision.lock_version, fields=["publicity_deadline"])
        audit("cases.decision.publicity_deadline_rechecked", user=user, obj=decision, before=before,
              extra={"reason": f"录入{'、'.join(f'{y}年' for y in sorted(years))}节假日安排后自动复核"})
        changed += 1
    return changed


def publicity_expiry_job(today: dt.date) -> str:
    """Daily job (`rouxing schedule`): published decisions whose 行政处罚信息公示 period has ended
    (the credit record's `expires_on` before `today`) leave the public pages — 公示期满撤回, audited with
    no user (the system)."""
    due = (PenaltyDecision.objects.filter(published_at__isnull=False, publicity_withdrawn_at__isnull=True,
                                          publicity_record__expires_on__lt=today)
           .values_list("pk", flat=True))
    withdrawn = 0
    for pk in list(due):
        with transaction.atomic():
            decision = locked(PenaltyDecision, pk)
            if decision.publicity_withdrawn_at is not None:
                continue
            _withdraw(decision, user=None, reason="公示期满撤回", on=today)
            withdrawn += 1
    return f"公示期满撤回行政处罚决定 {withdrawn} 件。"


def on_calendar_year_entered(sender, *, years, user, **kwargs) -> None:
    """Receiver of `core.workdays.calendar_year_entered` (connected in CasesConfig.ready)."""
    publicity_deadlines_recheck(user=user, years=years)


@transaction.atomic
def publicity_deadline_recompute(*, user, decision: PenaltyDecision, expected_version: int) -> PenaltyDecision:
    """期限复核: count the 公示 deadline again with the 节假日安排 as it stands now (after the 系统管理员
    entered or corrected a day); audited with the old and the new date."""
    decision = locked(PenaltyDecision, decision.pk)
    ensure_role(user, decision.case.org_id, CASE_WORKERS)
    if decision.published_at is not None:
        raise ValidationError("该决定已公示，公示期限无需重新计算。")
    recomputed = publicity_deadline_for(decision.decided_on)
    if recomputed == decision.publicity_deadline:
        raise ValidationError("公示期限与现行节假日安排计算的结果一致，无需更新。")
    before = snapshot(decision)
    decision.publicity_deadline = recomputed
    save_locked(decision, expected_version=expected_version, fields=["publicity_deadline"])
    audit("cases.decision.publicity_deadline_recomputed", user=user, obj=decision, before=before,
          extra={"reason": "节假日安排变更后按现行日历重新计算"})
    return decision


@transaction.atomic
def decision_publish(*, user, decision: PenaltyDecision, expected_version: int,
                     published_on: dt.date | None = None) -> PenaltyDecision:
    """公示: the decision appears on /public/decisions/ from now on; a credit record is written.

    `published_on` records a publication made on an earlier day (补录); it lies between the decision
    date and today."""
    decision = locked(PenaltyDecision, decision.pk)
    case = decision.case
    ensure_role(user, case.org_id, CASE_WORKERS)
    if published_on is not None and not decision.decided_on <= published_on <= timezone.localdate():
        raise ValidationError({"published_on": "公示日期须不早于决定日期且不晚于今天。"})
    if not decision.publicity_required:
        raise ValidationError("不予行政处罚决定不在行政处罚决定公示范围内。")
    if decision.published_at is not None:
        raise ValidationError(f"该决定已于{timezone.localtime(decision.published_at):%Y-%m-%d}公示。")
    before = snapshot(decision)
    record = CreditRecord.objects.create(
        party_id=case.party_id, org_id=case.org_id, kind=CreditRecord.Kind.PENALTY_PUBLICITY,
        occurred_on=decision.decided_on, expires_on=decision.decided_on + dt.timedelta(days=publicity_max_days()),
        description=f"{decision.number}：{decision.get_outcome_display()}"
                    + (f"，罚款{decision.fine_amount}元" if decision.fine_amount else ""),
    )
    audit_record(event="credit_record.add", actor=user, obj=record, org_id=case.org_id,
                 detail={"party": case.party_id, "kind": record.kind, "decision": decision.pk})
    decision.published_at = timezone.now() if published_on is None else timezone.make_aware(
        dt.datetime.combine(published_on, dt.time(9, 0)))
    decision.published_by = user
    decision.publicity_record = record
    save_locked(decision, expected_version=expected_version,
                fields=["published_at", "published_by", "publicity_record"])
    on_time = decision.publicity_deadline is None or (published_on or timezone.localdate()) <= decision.publicity_deadline
    audit("cases.decision.publish", user=user, obj=decision, before=before, org_id=case.org_id,
          extra={"on_time": on_time})
    return decision


def _withdraw(decision: PenaltyDecision, *, user, reason: str, on: dt.date) -> PenaltyDecision:
    before = snapshot(decision)
    decision.publicity_withdrawn_at = timezone.now()
    decision.publicity_withdrawal_reason = reason[:200]
    save_locked(decision, expected_version=None, fields=["publicity_withdrawn_at", "publicity_withdrawal_reason"])
    audit("cases.decision.publicity_withdraw", user=user, obj=decision, before=before,
          org_id=decision.case.org_id)
    record = decision.publicity_record
    if record is not None and record.withdrawn_on is None:
        record.withdrawn_on = max(on, record.occurred_on)
        save_with_lock(record, expected_version=record.lock_version, update_fields=["withdrawn_on"])
        audit_record(event="credit_record.withdraw", actor=user, obj=record, org_id=record.org_id,
                     detail={"party": record.party_id, "withdrawn_on": record.withdrawn_on.isoformat(),
                             "decision": decision.pk})
    return decision


@transaction.atomic
def decision_publicity_withdraw(*, user, decision: PenaltyDecision, expected_version: int,
                                reason: str) -> PenaltyDecision:
    """撤回公示 (period ended, credit repaired, decision changed or revoked): off the public pages at once.

    Allowed on an archived case too: withdrawal is a duty towards the party, not a change of the file.
    """
    decision = locked(PenaltyDecision, decision.pk)
    ensure_role(user, decision.case.org_id, CASE_WORKERS)
    if decision.published_at is None:
        raise ValidationError("该决定尚未公示，无需撤回。")
    if decision.publicity_withdrawn_at is not None:
        raise ValidationError("该决定的公示已撤回。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤回公示的理由。"})
    if decision.lock_version != expected_version:
        from rouxing.core.locking import EditConflict

        raise EditConflict()
    return _withdraw(decision, user=user, reason=reason.strip(), on=timezone.localdate())


def publicity_withdraw_for_credit_record(*, user, record: CreditRecord, reason: str,
                                         on: dt.date) -> list[PenaltyDecision]:
    """Hook for the parties app: the penalty publicity `record` was withdrawn (期满撤回 or 信用修复), so
    the decisions published with it leave the public pages too. The caller (a parties service) has
    already checked the user's permission and holds the transaction."""
    decisions = list(PenaltyDecision.objects.select_for_update()
                     .filter(publicity_record=record, published_at__isnull=False,
                             publicity_withdrawn_at__isnull=True).select_related("case"))
    return [_withdraw(d, user=user, reason=reason, on=on) for d in decisions]

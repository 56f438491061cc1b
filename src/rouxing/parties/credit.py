"""信用管理 workflow (seed 002 item 6): 列入, 暂不列入/暂缓列入严重失信主体名单, 信用修复 and 移出名单.

An officer of the owning bureau proposes (`credit_action_propose`), the bureau's 负责人 decides
(`credit_action_decide`: approve or refuse, with a written reason). Approval writes the resulting
`CreditRecord`; an approved 信用修复 withdraws the penalty publicity it targets, and with it the
decision's public page. Supervisors read only. Every step is audited.

Periods that the legal reference marks as "reported" (not verified in the text of the rules) are
configurable defaults, not asserted as law:
- `PARTIES_REPAIR_MIN_PUBLICITY_MONTHS` (default 3): 行政处罚信息 may be repaired only after its shortest
  publicity period, 一般失信 3 months (信用修复管理办法 2026, reported; a local rule reports 1 year for
  安全生产 — set 12 to follow it).
- `PARTIES_EARLY_REMOVAL_MONTHS` (default 12): early removal from the 严重失信主体名单 after 12 months
  (应急管理部令第11号, reported).
- `PARTIES_LISTING_PERIOD_MONTHS` (default 36): a 严重失信 listing is managed for 3 years (应急管理部令第11号,
  reported); the approved listing record expires then.

A listing, a deferral, a repair or a removal is never a plain credit record: `credit_record_add` refuses
those kinds, so the only way to write them is an approved action here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from rouxing.core.audit import audit_record
from rouxing.core.locking import EditConflict, save_with_lock
from rouxing.orgs.access import ensure_can_write
from rouxing.orgs.roles import CREDIT_DECIDERS as DECIDERS
from rouxing.orgs.roles import CREDIT_PROPOSERS as PROPOSERS

from .models import CreditAction, CreditRecord, Party
from .services import _withdraw_published_decisions

TARGET_KIND: dict[str, str] = {
    CreditAction.Kind.REPAIR: CreditRecord.Kind.PENALTY_PUBLICITY,
    CreditAction.Kind.REMOVAL: CreditRecord.Kind.BLACKLIST,
}
RESULT_KIND: dict[str, str] = {
    CreditAction.Kind.LISTING: CreditRecord.Kind.BLACKLIST,
    CreditAction.Kind.DEFERRED: CreditRecord.Kind.DEFERRED,
    CreditAction.Kind.REPAIR: CreditRecord.Kind.REPAIR,
    CreditAction.Kind.REMOVAL: CreditRecord.Kind.REMOVAL,
}


def repair_min_months() -> int:
    return int(getattr(settings, "PARTIES_REPAIR_MIN_PUBLICITY_MONTHS", 3))


def early_removal_months() -> int:
    return int(getattr(settings, "PARTIES_EARLY_REMOVAL_MONTHS", 12))


def listing_period_months() -> int:
    return int(getattr(settings, "PARTIES_LISTING_PERIOD_MONTHS", 36))


def listing_in_force(party: Party, on: dt.date) -> CreditRecord | None:
    """The party's 严重失信 listing in force on `on` (not expired, not removed or repaired since), if any."""
    records = list(party.credit_records.filter(occurred_on__lte=on))
    ends = [r.occurred_on for r in records if r.kind in (CreditRecord.Kind.REMOVAL, CreditRecord.Kind.REPAIR)]
    for record in records:
        if (record.kind == CreditRecord.Kind.BLACKLIST and (record.expires_on is None or record.expires_on >= on)
                and not any(end >= record.occurred_on for end in ends)):
            return record
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _check_target(kind: str, party: Party, target: CreditRecord | None) -> None:
    expected = TARGET_KIND.get(kind)
    if expected is None:
        if target is not None:
            raise ValidationError({"target": "列入名单、暂不列入/暂缓列入不针对已有信用记录。"})
        return
    if target is None or target.party_id != party.pk or target.kind != expected:
        raise ValidationError({"target": f"请选择该行政相对人的“{CreditRecord.Kind(expected).label}”记录。"})
    if kind == CreditAction.Kind.REPAIR and target.withdrawn_on is not None:
        raise ValidationError({"target": "该行政处罚信息公示已撤回，无需修复。"})
    if kind == CreditAction.Kind.REMOVAL and target.credit_actions.filter(
            kind=CreditAction.Kind.REMOVAL, status=CreditAction.Status.APPROVED).exists():
        raise ValidationError({"target": "该名单记录已移出。"})


def _check_listing(party: Party, on: dt.date) -> None:
    listed = listing_in_force(party, on)
    if listed is not None:
        raise ValidationError({"kind": f"该行政相对人已于{listed.occurred_on:%Y年%m月%d日}列入严重失信主体名单，"
                                       "名单管理期限内不能重复列入。"})
    if party.credit_actions.filter(kind=CreditAction.Kind.LISTING, status=CreditAction.Status.PROPOSED).exists():
        raise ValidationError({"kind": "该行政相对人已有待审批的列入名单申请。"})


def earliest_day(kind: str, target: CreditRecord | None) -> dt.date | None:
    """The first day the action may be granted: end of the shortest publicity period / 12 months listed."""
    if target is None:
        return None
    if kind == CreditAction.Kind.REPAIR:
        return add_months(target.occurred_on, repair_min_months())
    if kind == CreditAction.Kind.REMOVAL:
        return add_months(target.occurred_on, early_removal_months())
    return None


@transaction.atomic
def credit_action_propose(*, actor, party: Party, kind: str, reason: str, applied_on: dt.date,
                          target: CreditRecord | None = None, period_end: dt.date | None = None,
                          request=None) -> CreditAction:
    """提请: an officer of the owning bureau proposes 暂不列入/暂缓列入 (with the period), 信用修复 of a
    penalty publicity or 移出 of a 严重失信 listing, with the facts and reason."""
    ensure_can_write(actor, party.org_id, PROPOSERS)
    if kind not in CreditAction.Kind.values:
        raise ValidationError({"kind": "事项类型无效。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写申请理由及事实（如：首次违法并已及时改正）。"})
    _check_target(kind, party, target)
    if kind == CreditAction.Kind.DEFERRED and (period_end is None or period_end <= applied_on):
        raise ValidationError({"period_end": "请填写暂不列入/暂缓列入的期限，且须晚于申请日期。"})
    if target is not None and target.credit_actions.filter(status=CreditAction.Status.PROPOSED).exists():
        raise ValidationError({"target": "该记录已有待审批的申请。"})
    if kind == CreditAction.Kind.LISTING:
        _check_listing(party, applied_on)
    action = CreditAction(org_id=party.org_id, party=party, kind=kind, target=target, reason=reason.strip(),
                          applied_on=applied_on, proposed_by=actor,
                          period_end=period_end if kind == CreditAction.Kind.DEFERRED else None)
    action.save()
    audit_record(event="credit_action.propose", actor=actor, obj=action, request=request,
                 detail={"party": party.pk, "kind": kind, "target": target.pk if target else None,
                         "period_end": action.period_end.isoformat() if action.period_end else None})
    return action


@transaction.atomic
def credit_action_decide(*, actor, action: CreditAction, approve: bool, reason: str, decided_on: dt.date,
                         expected_version: int, request=None) -> CreditAction:
    """审批: the 负责人 approves (the credit record is written; repair withdraws the publicity) or refuses."""
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to `target`.
    action = (CreditAction.objects.select_for_update(of=("self",)).select_related("target", "party")
              .get(pk=action.pk))
    ensure_can_write(actor, action.org_id, DECIDERS)
    if action.lock_version != expected_version:
        raise EditConflict()
    if action.status != CreditAction.Status.PROPOSED:
        raise ValidationError("该申请已审批。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写审批意见（不予批准的须说明理由）。"})
    if decided_on < action.applied_on:
        raise ValidationError({"decided_on": "审批日期不能早于申请日期。"})
    if approve:
        if action.kind == CreditAction.Kind.LISTING and listing_in_force(action.party, decided_on) is not None:
            raise ValidationError("该行政相对人已在严重失信主体名单中，不能重复列入。")
        earliest = earliest_day(action.kind, action.target)
        if earliest is not None and decided_on < earliest and not _expired(action.target, decided_on):
            raise ValidationError({"decided_on": f"须在{earliest:%Y年%m月%d日}（最短期限届满）之后方可批准。"})
        record = _apply(action, actor=actor, on=decided_on, reason=reason.strip(), request=request)
        action.approve(by=actor, on=decided_on, reason=reason.strip(), result_record=record)
    else:
        action.refuse(by=actor, on=decided_on, reason=reason.strip())
    save_with_lock(action, expected_version=expected_version,
                   update_fields=["status", "decided_by", "decided_on", "decision_reason", "result_record"])
    audit_record(event="credit_action.decide", actor=actor, obj=action, request=request,
                 detail={"party": action.party_id, "kind": action.kind, "status": action.status,
                         "result_record": action.result_record_id})
    return action


def _expired(target: CreditRecord | None, on: dt.date) -> bool:
    return target is not None and target.expires_on is not None and target.expires_on <= on


def _apply(action: CreditAction, *, actor, on: dt.date, reason: str, request) -> CreditRecord:
    expires = add_months(on, listing_period_months()) if action.kind == CreditAction.Kind.LISTING else None
    record = CreditRecord.objects.create(
        party=action.party, org_id=action.org_id, kind=RESULT_KIND[action.kind], occurred_on=on,
        expires_on=expires or action.period_end, description=f"{action.get_kind_display()}：{action.reason}"[:2000],
    )
    audit_record(event="credit_record.add", actor=actor, obj=record, request=request,
                 detail={"party": action.party_id, "kind": record.kind, "credit_action": action.pk})
    target = action.target
    if action.kind == CreditAction.Kind.REPAIR and target is not None and target.withdrawn_on is None:
        target.withdrawn_on = on
        save_with_lock(target, expected_version=target.lock_version, update_fields=["withdrawn_on"])
        audit_record(event="credit_record.withdraw", actor=actor, obj=target, request=request,
                     detail={"party": target.party_id, "withdrawn_on": on.isoformat(), "reason": "信用修复"})
        _withdraw_published_decisions(actor=actor, record=target, reason=f"信用修复已批准：{reason}"[:200], on=on)
    return record

"""行刑衔接: transfer of a suspected crime to the public security organ (行政处罚法 art. 27;
《行政执法机关移送涉嫌犯罪案件的规定》, here 《移送规定》).

proposed (officer, with 证据清单 and 检验/鉴定 results) → approved by the 负责人 (《移送规定》 art. 5: decision
within 3 days of the report) → transferred (涉嫌犯罪案件移送书, 抄送 the procuratorate, art. 8) → the police's
受理立案 or 不予立案 answer; after 不予立案 the matter continues in 一般程序.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.cases.models import Finding

from ..models import CrimeTransfer
from ._common import (
    APPROVER,
    OFFICER,
    audit,
    ensure_role,
    locked,
    next_number,
    now,
    require,
    save_locked,
    snapshot,
    take,
)

S = CrimeTransfer.Status
RULES = "《行政执法机关移送涉嫌犯罪案件的规定》"


def open_transfer(finding: Finding) -> CrimeTransfer | None:
    """The transfer that keeps a fine from being decided on the finding (《移送规定》 art. 11)."""
    return CrimeTransfer.objects.filter(finding=finding, status__in=CrimeTransfer.OPEN).first()


@transaction.atomic
def transfer_propose(*, user, finding: Finding, suspected_crime: str, evidence_list: list[str],
                     expert_results: str = "") -> CrimeTransfer:
    """Propose the transfer: the engine's `refer_to_police` or the officer's own finding of 涉嫌犯罪."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if open_transfer(finding) is not None:
        raise ValidationError("该问题已有在办的涉嫌犯罪案件移送。")
    suspected_crime = require(suspected_crime, "请写明涉嫌犯罪的事实（行政处罚法第二十七条）。")
    evidence = [e.strip() for e in evidence_list if (e or "").strip()]
    if not evidence:
        raise ValidationError(f"移送涉嫌犯罪案件须附证据清单（{RULES}第六条）。")
    case = finding.case
    referral = bool((finding.decision or {}).get("refer_to_police")
                    or (case is not None and (case.engine_decision or {}).get("refer_to_police")))
    transfer = CrimeTransfer.objects.create(
        org_id=finding.org_id, finding=finding, case=case, party_id=finding.party_id, engine_referral=referral,
        suspected_crime=suspected_crime, evidence_list=evidence, expert_results=(expert_results or "").strip(),
        proposed_by=user, proposed_at=now(),
    )
    audit("enforcement.transfer.propose", user=user, obj=transfer, extra={"engine_referral": referral})
    return transfer


def approval_due(transfer: CrimeTransfer) -> dt.date:
    """《移送规定》 art. 5: the 负责人 decides within 3 days of the report (calendar days)."""
    return timezone.localdate(transfer.proposed_at) + dt.timedelta(days=3)


@transaction.atomic
def transfer_approve(*, user, transfer: CrimeTransfer, approve: bool, opinion: str = "",
                     expected_version: int | None = None) -> CrimeTransfer:
    """负责人 approves the transfer or refuses it with the reason recorded (《移送规定》 art. 5)."""
    transfer = locked(CrimeTransfer, transfer.pk)
    ensure_role(user, transfer.org_id, APPROVER)
    if not approve:
        require(opinion, f"不批准移送的，应当将不予批准的理由记录在案（{RULES}第五条）。")
    before = snapshot(transfer)
    take(transfer, "approve" if approve else "reject")
    transfer.approved_by, transfer.approved_at = user, now()
    transfer.approval_opinion = (opinion or "").strip()
    save_locked(transfer, expected_version=expected_version,
                fields=["status", "approved_by", "approved_at", "approval_opinion"])
    audit("enforcement.transfer.approve", user=user, obj=transfer, before=before, extra={"approved": bool(approve)})
    return transfer


@transaction.atomic
def transfer_send(*, user, transfer: CrimeTransfer, police_org: str, procuratorate: str, transferred_on: dt.date,
                  expected_version: int | None = None) -> CrimeTransfer:
    """涉嫌犯罪案件移送书 to the police, 抄送 the procuratorate (《移送规定》 art. 8)."""
    transfer = locked(CrimeTransfer, transfer.pk)
    ensure_role(user, transfer.org_id, OFFICER)
    if transfer.status != S.APPROVED:
        raise ValidationError(f"移送涉嫌犯罪案件须经负责人批准（{RULES}第五条）。")
    police_org = require(police_org, "请填写接收移送的公安机关。")
    procuratorate = require(procuratorate, f"移送涉嫌犯罪案件应当抄送同级人民检察院（{RULES}第八条）。")
    if transferred_on < timezone.localdate(transfer.approved_at) or transferred_on > timezone.localdate():
        raise ValidationError("移送日期须在批准之后、今天之前。")
    before = snapshot(transfer)
    take(transfer, "send")
    transfer.police_org, transfer.procuratorate, transfer.transferred_on = police_org, procuratorate, transferred_on
    transfer.number = next_number(CrimeTransfer, transfer.org, transferred_on.year, "移", "transferred_on")
    save_locked(transfer, expected_version=expected_version,
                fields=["status", "police_org", "procuratorate", "transferred_on", "number"])
    audit("enforcement.transfer.send", user=user, obj=transfer, before=before)
    return transfer


@transaction.atomic
def transfer_answer(*, user, transfer: CrimeTransfer, accepted: bool, answer_on: dt.date, note: str,
                    expected_version: int | None = None) -> CrimeTransfer:
    """The police's answer: 受理立案 (the transfer stays open), or 不予立案 (the case returns to 一般程序)."""
    transfer = locked(CrimeTransfer, transfer.pk)
    ensure_role(user, transfer.org_id, OFFICER)
    if transfer.status != S.TRANSFERRED:
        raise ValidationError(f"该移送当前状态为“{transfer.get_status_display()}”，不能登记公安机关答复。")
    note = require(note, "请填写公安机关的答复内容（立案或不予立案的决定及理由）。")
    if transfer.transferred_on and answer_on < transfer.transferred_on:
        raise ValidationError("答复日期不能早于移送日期。")
    before = snapshot(transfer)
    take(transfer, "accept" if accepted else "refuse_filing")
    transfer.answer_on, transfer.answer_note = answer_on, note
    save_locked(transfer, expected_version=expected_version, fields=["status", "answer_on", "answer_note"])
    audit("enforcement.transfer.answer", user=user, obj=transfer, before=before, extra={"accepted": bool(accepted)})
    return transfer

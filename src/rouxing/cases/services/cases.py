"""Services of the penalty case (立案 → 告知 → 法制审核 → 审批 → 决定 → 送达 → 执行 → 结案 → 回访).

Each state change follows `Case.TRANSITIONS`, checks the editor's `expected_version` and writes an
audit event with before/after values. No decision is issued without an approved legal review
(seed 002 item 5; seed 003 三项制度).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.core.workdays import add_calendar_days
from rouxing.lists.models import FlexibleMethod
from rouxing.orgs.models import Org

from ..models import (
    Case,
    Delivery,
    Execution,
    Finding,
    Instalment,
    LegalReview,
    Outcome,
    PenaltyDecision,
    ReturnVisit,
)
from ._common import (
    APPROVER,
    CASE_WORKERS,
    OFFICER,
    REVIEWER,
    audit,
    calendar,
    ensure_not_frozen,
    ensure_role,
    locked,
    move_case,
    run_engine,
    save_locked,
    snapshot,
)
from .inspections import NO_PENALTY_NOTE, _schedule_return_visit
from .publicity import publicity_deadline_for

S = Case.Status


def _next_number(org: Org, year: int) -> str:
    Org.objects.select_for_update().filter(pk=org.pk).first()  # serialise numbering per bureau
    count = Case.objects.filter(org=org, registered_on__year=year).count() + 1
    return f"{org.short_name or org.name}立〔{year}〕{count}号"


def _at(day: dt.date | None) -> dt.datetime:
    """Now, or 9:00 on a given earlier working day (a step recorded after the fact)."""
    return timezone.now() if day is None else timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


@transaction.atomic
def case_escalate(*, user, finding: Finding, registered_on: dt.date, corrected: str = "overdue",
                  source: str = "") -> Case:
    """立案: register a case for `finding`, re-running the engine with the correction status."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if finding.case_id:
        raise ValidationError("该问题已立案。")
    if finding.status == Finding.Status.VOIDED:
        raise ValidationError("该问题已作废，不能立案。")
    # Same decision date as the finding: its own record must not count as an earlier violation.
    facts = {**finding.facts, "corrected": corrected}
    decision = run_engine(facts)
    org = finding.org
    case = Case.objects.create(
        org=org, party=finding.party, number=_next_number(org, registered_on.year),
        title=finding.violation.name[:300], registered_on=registered_on, registered_by=user,
        source=source or "检查发现", engine_decision=decision,
        engine_version=str(decision.get("engine_version", ""))[:40],
        list_version=str(decision.get("list_version", ""))[:60],
        proposed_outcome=decision.get("outcome", ""), hearing_threshold=finding.violation.hearing_threshold,
    )
    case.officers.set(finding.inspection.officers.all())
    audit("cases.case.register", user=user, obj=case, extra={"finding": finding.pk, "corrected": corrected})
    before = snapshot(finding)
    finding.case = case
    finding.status = Finding.Status.ESCALATED
    save_locked(finding, expected_version=None, fields=["case", "status"])
    audit("cases.finding.escalate", user=user, obj=finding, before=before)
    return move_case(case, S.INVESTIGATING, user=user, expected_version=case.lock_version,
                     event="cases.case.investigate")


@transaction.atomic
def case_notify(*, user, case: Case, expected_version: int, notified_on: dt.date, proposed_outcome: str,
                proposed_fine: int | None) -> Case:
    """告知 (行政处罚法 art. 44): proposed penalty, 陈述申辩 and, above the threshold, 听证 (art. 63–64)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    if proposed_outcome not in Outcome.values:
        raise ValidationError({"proposed_outcome": "拟处理结果无效。"})
    case.proposed_outcome = proposed_outcome
    case.proposed_fine = proposed_fine or 0
    case.notified_on = notified_on
    case.hearing_notified = case.hearing_required
    # 听证: request within 5 days of the notice (art. 64); 陈述申辩: 3 days is common practice.
    case.statement_deadline = calendar(add_calendar_days, notified_on, 5 if case.hearing_notified else 3)
    return move_case(case, S.NOTIFIED, user=user, expected_version=expected_version, event="cases.case.notify",
                     fields=["proposed_outcome", "proposed_fine", "notified_on", "hearing_notified",
                             "statement_deadline"])


@transaction.atomic
def case_statement_record(*, user, case: Case, expected_version: int, statement: str,
                          hearing_requested: bool = False) -> Case:
    """Record the party's 陈述申辩 (and whether a hearing was requested)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    ensure_not_frozen(case)
    if case.notified_on is None:
        raise ValidationError("案件尚未告知，不能登记陈述申辩。")
    if hearing_requested and not case.hearing_notified:
        raise ValidationError("本案拟罚款数额未达听证标准，未告知听证权利。")
    before = snapshot(case)
    case.statement = statement.strip()
    case.hearing_requested = hearing_requested
    save_locked(case, expected_version=expected_version, fields=["statement", "hearing_requested"])
    audit("cases.case.statement", user=user, obj=case, before=before)
    return case


@transaction.atomic
def legal_review_submit(*, user, case: Case, expected_version: int, note: str = "",
                        submitted_on: dt.date | None = None) -> LegalReview:
    """提请法制审核: the case must have been notified (告知) first. `submitted_on` records a submission
    made on an earlier day (between the notice and today)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    if case.notified_on is None:
        raise ValidationError("案件须先告知当事人拟作出的处罚及其陈述申辩权利，再提请法制审核。")
    if submitted_on is not None and not case.notified_on <= submitted_on <= timezone.localdate():
        raise ValidationError({"submitted_on": "提请审核日期须不早于告知日期且不晚于今天。"})
    departures = list(case.findings.filter(needs_legal_review=True).values_list("pk", flat=True))
    review = LegalReview.objects.create(case=case, submitted_by=user, submitted_at=_at(submitted_on),
                                        submission_note=note.strip())
    move_case(case, S.UNDER_REVIEW, user=user, expected_version=expected_version,
              event="cases.legal_review.submit", extra={"review": review.pk, "departures": departures})
    return review


@transaction.atomic
def legal_review_decide(*, user, review: LegalReview, result: str, opinions: str,
                        reviewed_on: dt.date | None = None) -> LegalReview:
    """法制审核 by a reviewer: approve (→ reviewed) or return with opinions (→ investigating).
    `reviewed_on` records a review concluded on an earlier day (between the submission and today)."""
    review = locked(LegalReview, review.pk)
    case = locked(Case, review.case_id)
    ensure_role(user, case.org_id, REVIEWER)
    if review.result != LegalReview.Result.PENDING:
        raise ValidationError("该法制审核已有结论。")
    if reviewed_on is not None and not (timezone.localtime(review.submitted_at).date() <= reviewed_on
                                        <= timezone.localdate()):
        raise ValidationError({"reviewed_on": "审核日期须不早于提请日期且不晚于今天。"})
    if result not in (LegalReview.Result.APPROVED, LegalReview.Result.RETURNED):
        raise ValidationError({"result": "审核结论无效。"})
    if not opinions.strip():
        raise ValidationError({"opinions": "请填写审核意见。"})
    before = snapshot(review)
    review.result, review.opinions, review.reviewer = result, opinions.strip(), user
    review.reviewed_at = _at(reviewed_on)
    review.save(update_fields=["result", "opinions", "reviewer", "reviewed_at", "updated_at"])
    audit("cases.legal_review.decide", user=user, obj=review, before=before, org_id=case.org_id)
    target = S.REVIEWED if result == LegalReview.Result.APPROVED else S.INVESTIGATING
    move_case(case, target, user=user, expected_version=case.lock_version, event=f"cases.case.{target}")
    return review


@transaction.atomic
def case_approve(*, user, case: Case, expected_version: int, opinion: str = "") -> Case:
    """负责人审批 after an approved legal review."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, APPROVER)
    return move_case(case, S.APPROVED, user=user, expected_version=expected_version, event="cases.case.approve",
                     extra={"opinion": opinion.strip()})


def approved_review(case: Case) -> LegalReview | None:
    """The latest legal review of the case if it approved the case (None if pending, returned or absent)."""
    latest = case.legal_reviews.order_by("-submitted_at", "-id").first()
    return latest if latest is not None and latest.result == LegalReview.Result.APPROVED else None


def _check_fine(case: Case, outcome: str, fine_amount: int, departure_reason: str) -> tuple[int | None, int | None]:
    if outcome == Outcome.NO_PENALTY:
        if fine_amount:
            raise ValidationError({"fine_amount": "不予行政处罚的决定不能处以罚款。"})
        return None, None
    band = case.fine_band or {}
    band_min, band_max = band.get("band_min"), band.get("band_max")
    outside = band_min is not None and band_max is not None and not (band_min <= fine_amount <= band_max)
    if outside and not departure_reason.strip():
        raise ValidationError({"fine_amount": f"罚款数额超出裁量基准（{band_min}–{band_max}元），须书面说明理由。"})
    return band_min, band_max


@transaction.atomic
def decision_issue(*, user, case: Case, expected_version: int, outcome: str, fine_amount: int, reasoning: str,
                   decided_on: dt.date, departure_reason: str = "", other_penalties: str = "") -> PenaltyDecision:
    """作出行政处罚决定: refused unless an approved legal review exists and the 负责人 approved."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, CASE_WORKERS)
    ensure_not_frozen(case)
    review = approved_review(case)
    if review is None:
        raise PermissionDenied("未经法制审核或法制审核未通过，不得作出行政处罚决定。")
    if case.status != S.APPROVED:
        raise ValidationError("案件须经负责人审批后方可作出决定。")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "处理结果无效。"})
    band_min, band_max = _check_fine(case, outcome, fine_amount, departure_reason)
    decision = PenaltyDecision(
        case=case, legal_review=review, number=case.number.replace("立", "罚决"), outcome=outcome,
        fine_amount=fine_amount, band_min=band_min, band_max=band_max, departure_reason=departure_reason.strip(),
        other_penalties=other_penalties.strip(), reasoning=reasoning.strip() or "见案卷。", decided_on=decided_on,
        decided_by=user, publicity_deadline=publicity_deadline_for(decided_on),
    )
    decision.clean()
    decision.save()
    audit("cases.decision.issue", user=user, obj=decision, org_id=case.org_id)
    for finding in case.findings.select_for_update():
        before = snapshot(finding)
        finding.decided_on = decided_on
        save_locked(finding, expected_version=None, fields=["decided_on"])
        audit("cases.finding.decided", user=user, obj=finding, before=before)
    move_case(case, S.DECIDED, user=user, expected_version=expected_version, event="cases.case.decide")
    return decision


@transaction.atomic
def delivery_record(*, user, case: Case, expected_version: int, method: str, delivered_on: dt.date,
                    recipient: str, document: str = "行政处罚决定书", consent_confirmed: bool = False,
                    note: str = "") -> Delivery:
    """送达: recorded for any document; delivering the decision moves the case to `delivered`."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    ensure_not_frozen(case)
    if method not in Delivery.Method.values:
        raise ValidationError({"method": "送达方式无效。"})
    if not recipient.strip():
        raise ValidationError({"recipient": "请填写受送达人。"})
    delivery = Delivery(case=case, method=method, delivered_on=delivered_on, recipient=recipient.strip(),
                        document=document, consent_confirmed=consent_confirmed, note=note, recorded_by=user)
    delivery.clean()
    delivery.save()
    audit("cases.delivery.record", user=user, obj=delivery, org_id=case.org_id)
    if case.status == S.DECIDED and "决定书" in document:
        move_case(case, S.DELIVERED, user=user, expected_version=expected_version, event="cases.case.deliver")
    return delivery


@transaction.atomic
def execution_grant(*, user, case: Case, expected_version: int, kind: str, granted_on: dt.date,
                    instalments: list[tuple[int, dt.date]] | None = None, deferred_until: dt.date | None = None,
                    reason: str = "") -> Execution:
    """执行: one payment, 暂缓 until a date, or 分期 (amounts and due dates summing to the fine)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, CASE_WORKERS)
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None or case.status != S.DELIVERED:
        raise ValidationError("处罚决定送达后方可安排执行。")
    total = decision.fine_amount
    if kind == Execution.Kind.FULL:
        delivered = case.deliveries.order_by("-delivered_on").first()
        instalments = [(total, (delivered.delivered_on if delivered else granted_on) + dt.timedelta(days=15))]
    elif kind == Execution.Kind.DEFERRED:
        if deferred_until is None or deferred_until <= granted_on:
            raise ValidationError({"deferred_until": "请填写暂缓缴纳的截止日期（须晚于批准日期）。"})
        instalments = [(total, deferred_until)]
    elif kind == Execution.Kind.INSTALMENTS:
        if not instalments or len(instalments) < 2:
            raise ValidationError({"instalments": "分期缴纳至少分两期。"})
        if sum(a for a, _ in instalments) != total:
            raise ValidationError({"instalments": f"各期金额合计须等于罚款数额{total}元。"})
        if any(due < granted_on for _, due in instalments):
            raise ValidationError({"instalments": "各期应缴日期不能早于批准日期。"})
    else:
        raise ValidationError({"kind": "执行方式无效。"})
    if kind != Execution.Kind.FULL and not reason.strip():
        raise ValidationError({"reason": "暂缓或分期缴纳须载明当事人申请理由（行政处罚法第六十六条）。"})
    execution = Execution.objects.create(case=case, kind=kind, total_amount=total, reason=reason.strip(),
                                         granted_on=granted_on, deferred_until=deferred_until, granted_by=user)
    for seq, (amount, due_on) in enumerate(sorted(instalments, key=lambda row: row[1]), start=1):
        Instalment.objects.create(execution=execution, seq=seq, amount=amount, due_on=due_on)
    audit("cases.execution.grant", user=user, obj=execution, org_id=case.org_id,
          extra={"instalments": [[a, d.isoformat()] for a, d in instalments]})
    move_case(case, S.EXECUTING, user=user, expected_version=expected_version, event="cases.case.execute")
    return execution


@transaction.atomic
def instalment_pay(*, user, instalment: Instalment, expected_version: int, paid_on: dt.date, paid_amount: int,
                   receipt_no: str = "") -> Instalment:
    """Record a payment; when every instalment is paid the execution is complete."""
    instalment = locked(Instalment, instalment.pk)
    execution = locked(Execution, instalment.execution_id)
    ensure_role(user, execution.case.org_id, CASE_WORKERS)
    ensure_not_frozen(execution.case)
    if instalment.is_paid:
        raise ValidationError("该期已缴纳。")
    if paid_amount != instalment.amount:
        raise ValidationError({"paid_amount": f"实缴金额须为本期应缴金额{instalment.amount}元。"})
    before = snapshot(instalment)
    instalment.paid_on, instalment.paid_amount, instalment.receipt_no = paid_on, paid_amount, receipt_no.strip()
    save_locked(instalment, expected_version=expected_version, fields=["paid_on", "paid_amount", "receipt_no"])
    audit("cases.instalment.pay", user=user, obj=instalment, before=before, org_id=execution.case.org_id)
    if not execution.instalments.filter(paid_on__isnull=True).exists():
        before = snapshot(execution)
        execution.status = Execution.Status.COMPLETED
        save_locked(execution, expected_version=None, fields=["status"])
        audit("cases.execution.complete", user=user, obj=execution, before=before, org_id=execution.case.org_id)
    return instalment


def _ensure_closable(case: Case) -> str:
    """The closing note the case needs: 免罚不免责 on the no-penalty path."""
    if case.status in (S.REGISTERED, S.INVESTIGATING):
        if case.proposed_outcome != Outcome.NO_PENALTY:
            raise ValidationError("调查阶段只能以不予行政处罚结案；拟处罚的案件须完成告知、审核、决定程序。")
        return NO_PENALTY_NOTE
    if case.status == S.EXECUTING:
        execution = Execution.objects.filter(case=case).first()
        if execution is None or execution.status != Execution.Status.COMPLETED:
            raise ValidationError("罚款尚未缴清，不能结案。")
        return ""
    if case.status == S.DELIVERED:
        decision = PenaltyDecision.objects.filter(case=case).first()
        if decision is None or decision.fine_amount:
            raise ValidationError("处罚决定尚未执行完毕，不能结案。")
        return NO_PENALTY_NOTE if decision.outcome == Outcome.NO_PENALTY else ""
    raise ValidationError(f"案件当前状态为“{case.get_status_display()}”，不能结案。")


@transaction.atomic
def case_close(*, user, case: Case, expected_version: int, closed_on: dt.date, note: str = "") -> Case:
    """结案: findings close, a return visit (回访) is scheduled."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    prefix = _ensure_closable(case)
    case.closed_on = closed_on
    case.closing_note = f"{prefix}{note.strip()}"
    move_case(case, S.CLOSED, user=user, expected_version=expected_version, event="cases.case.close",
              fields=["closed_on", "closing_note"])
    for finding in case.findings.select_for_update():
        before = snapshot(finding)
        finding.status = Finding.Status.CLOSED
        finding.decided_on = finding.decided_on or closed_on
        finding.closing_note = case.closing_note
        save_locked(finding, expected_version=None, fields=["status", "decided_on", "closing_note"])
        audit("cases.finding.close", user=user, obj=finding, before=before)
    _schedule_return_visit(org_id=case.org_id, party_id=case.party_id, closed_on=closed_on, case=case)
    return case


VISIT_FIELDS = ("handling_unit", "handler", "responsible_person", "execution_status", "remedial_measures",
                "conduct_opinion", "suggestions", "party_signatory", "contact_phone")


@transaction.atomic
def return_visit_record(*, user, visit: ReturnVisit, expected_version: int, visited_on: dt.date,
                        **answers: str) -> ReturnVisit:
    """回访登记 (seed 001 annex 7 item 6); counted as one 行政回访 measure (件)."""
    visit = locked(ReturnVisit, visit.pk)
    ensure_role(user, visit.org_id, OFFICER)
    if visit.case_id:
        ensure_not_frozen(visit.case)  # type: ignore[arg-type]  # case_id set
    if visit.status == ReturnVisit.Status.DONE:
        raise ValidationError("该回访已登记。")
    unknown = set(answers) - set(VISIT_FIELDS)
    if unknown:
        raise ValidationError(f"未知的回访字段：{'、'.join(sorted(unknown))}")
    if not (answers.get("execution_status") or "").strip():
        raise ValidationError({"execution_status": "请填写行政执法决定执行情况、违法行为整改情况。"})
    before = snapshot(visit)
    for name, value in answers.items():
        setattr(visit, name, (value or "").strip())
    visit.visited_on, visit.visitor, visit.status = visited_on, user, ReturnVisit.Status.DONE
    save_locked(visit, expected_version=expected_version,
                fields=[*answers, "visited_on", "visitor", "status"])
    audit("cases.return_visit.record", user=user, obj=visit, before=before)
    method = FlexibleMethod.objects.filter(code="return_visit").first()
    if method is not None:
        from .inspections import measure_record

        measure_record(user=user, party=visit.party, method=method, performed_on=visited_on,
                       recipient=visit.party.name, content=f"回访：{visit.execution_status}", case=visit.case,
                       finding=visit.finding)
    return visit


"""Services of the penalty case (立案 → 告知 → 法制审核 → 审批 → 决定 → 送达 → 执行 → 结案 → 回访).

Each state change is a transition method of `Case` (django-fsm-2), checks the editor's `expected_version` and writes an
audit event with before/after values. No decision is issued without an approved legal review
(seed 002 item 5; seed 003 三项制度).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.documents.selectors import deliveries_of_source
from rouxing.lists.models import FlexibleMethod
from rouxing.orgs.models import Org

from ..models import (
    Case,
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
from .documents import DELIVERY_METHODS, issue_decision, issue_notice, record_document_delivery
from .inspections import NO_PENALTY_NOTE, _schedule_return_visit
from .procedure import (
    case_deadlines,
    delivery_deadline_for,
    ensure_decision_gates,
    ensure_not_heavier_than_notified,
    ensure_not_investigator,
    ensure_payment_relief_lawful,
    ensure_statement_period_over,
    ensure_statutory_range,
    hearing_request,
    hearing_request_deadline_for,
    hearing_threshold_for,
    next_number,
    statement_deadline_for,
)
from .publicity import publicity_deadline_for

S = Case.Status


def _next_number(org: Org, year: int) -> str:
    """立案编号 from the bureau's locked counter (`procedure.next_number`)."""
    return next_number(org=org, kind="case", year=year)


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
    finding.escalate()
    save_locked(finding, expected_version=None, fields=["case", "status"])
    audit("cases.finding.escalate", user=user, obj=finding, before=before)
    return move_case(case, "start_investigation", user=user, expected_version=case.lock_version,
                     event="cases.case.investigate")


@transaction.atomic
def case_notify(*, user, case: Case, expected_version: int, notified_on: dt.date, proposed_outcome: str,
                proposed_fine: int | None, proposed_suspension: bool = False) -> Case:
    """告知 (行政处罚法 art. 44): proposed penalty, 陈述申辩 and, for 较大数额罚款 (the bureau's threshold for
    the party's kind) or 责令停产停业, 听证 (art. 63–64). A new notice replaces the earlier one (art. 45)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    if proposed_outcome not in Outcome.values:
        raise ValidationError({"proposed_outcome": "拟处理结果无效。"})
    case.proposed_outcome = proposed_outcome
    case.proposed_fine = proposed_fine or 0
    case.proposed_suspension = bool(proposed_suspension)
    case.hearing_threshold = hearing_threshold_for(case)
    case.notified_on = notified_on
    case.hearing_notified = case.hearing_required
    # Working days (art. 85): 陈述申辩 as the bureau's notice states it, 听证 request within 5 (art. 64(一)).
    case.statement_deadline = calendar(statement_deadline_for, notified_on)
    case.hearing_request_deadline = (calendar(hearing_request_deadline_for, notified_on)
                                     if case.hearing_notified else None)
    move_case(case, "notify", user=user, expected_version=expected_version, event="cases.case.notify",
              fields=["proposed_outcome", "proposed_fine", "proposed_suspension", "hearing_threshold",
                             "notified_on", "hearing_notified", "statement_deadline", "hearing_request_deadline"],
              extra={"deadlines": [[r["label"], r["date"].isoformat(), r["basis"]] for r in case_deadlines(case)]})
    if case.proposed_outcome != Outcome.NO_PENALTY:  # 行政处罚告知书 of this notice (a new notice, a new 告知书)
        document = issue_notice(user=user, case=case)
        case.notice_document = document
        save_locked(case, expected_version=None, fields=["notice_document"])
        audit("cases.case.notice_document", user=user, obj=case, extra={"document": document.number})
    return case


@transaction.atomic
def case_statement_record(*, user, case: Case, expected_version: int, statement: str,
                          hearing_requested: bool = False, requested_on: dt.date | None = None) -> Case:
    """Record the party's 陈述申辩; a hearing request is checked by `hearing_request` (deadline, right).
    The bureau answers it with `case_statement_answer` before the decision (art. 45 复核)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    ensure_not_frozen(case)
    if case.notified_on is None:
        raise ValidationError("案件尚未告知，不能登记陈述申辩。")
    if hearing_requested and not case.hearing_notified:
        raise ValidationError("本案拟罚款数额未达听证标准，未告知听证权利。")
    before = snapshot(case)
    case.statement = statement.strip()
    case.statement_answer, case.statement_answer_reason = "", ""  # a new statement needs a new answer
    save_locked(case, expected_version=expected_version,
                fields=["statement", "statement_answer", "statement_answer_reason"])
    audit("cases.case.statement", user=user, obj=case, before=before)
    if hearing_requested and not case.hearing_requested:
        hearing_request(user=user, case=case, requested_on=requested_on or timezone.localdate())
        case.refresh_from_db()
    return case


@transaction.atomic
def case_statement_answer(*, user, case: Case, expected_version: int, answer: str, reason: str) -> Case:
    """复核 of the party's 陈述申辩 (行政处罚法 art. 45): 采纳 / 部分采纳 / 不采纳, always with the reasons."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, CASE_WORKERS)
    ensure_not_frozen(case)
    if not case.statement:
        raise ValidationError("当事人尚未提出陈述申辩，无需复核。")
    if answer not in Case.StatementAnswer.values:
        raise ValidationError({"answer": "复核结论须为采纳、部分采纳或不采纳。"})
    if not reason.strip():
        raise ValidationError({"reason": "对当事人提出的事实、理由和证据应当进行复核，并说明采纳或不采纳的理由"
                                         "（《中华人民共和国行政处罚法》第四十五条）。"})
    before = snapshot(case)
    case.statement_answer, case.statement_answer_reason = answer, reason.strip()
    save_locked(case, expected_version=expected_version, fields=["statement_answer", "statement_answer_reason"])
    audit("cases.case.statement_answer", user=user, obj=case, before=before)
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
    move_case(case, "submit_review", user=user, expected_version=expected_version,
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
    ensure_not_investigator(case, user, role="法制审核人员",
                            rule="《中华人民共和国行政处罚法》第五十八条；审核与调查职能分离")
    before = snapshot(review)
    review.result, review.opinions, review.reviewer = result, opinions.strip(), user
    review.reviewed_at = _at(reviewed_on)
    review.save(update_fields=["result", "opinions", "reviewer", "reviewed_at", "updated_at"])
    audit("cases.legal_review.decide", user=user, obj=review, before=before, org_id=case.org_id)
    approved = result == LegalReview.Result.APPROVED
    target = S.REVIEWED if approved else S.INVESTIGATING
    move_case(case, "pass_review" if approved else "return_review", user=user, expected_version=case.lock_version,
              event=f"cases.case.{target}")
    return review


@transaction.atomic
def case_approve(*, user, case: Case, expected_version: int, opinion: str = "", returned: bool = False) -> Case:
    """负责人审批 after an approved legal review; or 退回 with written reasons (→ investigating, on the timeline)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, APPROVER)
    if returned:
        if not opinion.strip():
            raise ValidationError({"opinion": "退回案件须书面说明理由。"})
        return move_case(case, "return_approval", user=user, expected_version=expected_version,
                         event="cases.case.approval_return", extra={"opinion": opinion.strip()})
    return move_case(case, "approve", user=user, expected_version=expected_version, event="cases.case.approve",
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
                   decided_on: dt.date, departure_reason: str = "", other_penalties: str = "",
                   suspends_business: bool = False) -> PenaltyDecision:
    """作出行政处罚决定 (art. 57–60): refused unless an approved legal review exists and the 负责人 approved,
    and every gate of `services.procedure` holds (法定幅度, 告知 ceiling, 陈述申辩 period, 听证报告,
    集体讨论, 90-day period)."""
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
    ensure_statutory_range(case, outcome=outcome, fine_amount=fine_amount, departure_reason=departure_reason)
    ensure_not_heavier_than_notified(case, outcome=outcome, fine_amount=fine_amount)
    if suspends_business and not case.proposed_suspension:
        raise ValidationError({"suspends_business": "告知时未拟责令停产停业，决定责令停产停业须重新告知"
                                                    "（《中华人民共和国行政处罚法》第四十四条、第四十五条）。"})
    ensure_statement_period_over(case, decided_on=decided_on)
    band_min, band_max = _check_fine(case, outcome, fine_amount, departure_reason)
    outside_band = band_min is not None and band_max is not None and not band_min <= fine_amount <= band_max
    ensure_decision_gates(case, decided_on=decided_on, fine_amount=fine_amount, suspends_business=suspends_business,
                          outside_band=outside_band)
    decision = PenaltyDecision(
        case=case, legal_review=review, number="", outcome=outcome,
        fine_amount=fine_amount, band_min=band_min, band_max=band_max, departure_reason=departure_reason.strip(),
        other_penalties=other_penalties.strip(), suspends_business=suspends_business, reasoning=reasoning.strip() or "见案卷。", decided_on=decided_on,
        decided_by=user, publicity_deadline=publicity_deadline_for(decided_on),
        delivery_deadline=calendar(delivery_deadline_for, decided_on),
    )
    decision.clean()
    decision.save()
    if outcome != Outcome.NO_PENALTY:  # 行政处罚决定书 (art. 59): its number is the decision's number
        document = issue_decision(user=user, case=case, decision=decision)
        decision.document, decision.number = document, document.number
    else:  # 不予行政处罚决定书: the bureau's own counter
        decision.number = next_number(org=case.org, kind="no_penalty", year=decided_on.year)
    decision.save(update_fields=["document", "number"])
    audit("cases.decision.issue", user=user, obj=decision, org_id=case.org_id)
    for finding in case.findings.select_for_update():
        before = snapshot(finding)
        finding.decided_on = decided_on
        save_locked(finding, expected_version=None, fields=["decided_on"])
        audit("cases.finding.decided", user=user, obj=finding, before=before)
    move_case(case, "decide", user=user, expected_version=expected_version, event="cases.case.decide")
    return decision


@transaction.atomic
def case_statement_waive(*, user, case: Case, expected_version: int, waived_on: dt.date, written_note: str) -> Case:
    """当事人书面放弃陈述申辩（和听证）权利: recorded with the written statement it rests on."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    ensure_not_frozen(case)
    if case.notified_on is None:
        raise ValidationError("案件尚未告知，当事人无从放弃陈述申辩权利。")
    if waived_on < case.notified_on:
        raise ValidationError({"waived_on": "放弃陈述申辩的日期不得早于告知日期。"})
    if not written_note.strip():
        raise ValidationError({"written_note": "放弃陈述申辩须有当事人的书面材料，请载明（如：当事人签署的放弃陈述申辩声明）。"})
    before = snapshot(case)
    case.statement_waived_on, case.statement_waiver_note = waived_on, written_note.strip()[:200]
    save_locked(case, expected_version=expected_version, fields=["statement_waived_on", "statement_waiver_note"])
    audit("cases.case.statement_waive", user=user, obj=case, before=before)
    return case


DELIVERY_KINDS = {"notice": "行政处罚告知书", "decision": "行政处罚决定书"}


def _delivered_document(case: Case, kind: str):
    """(document date, the issued document, the decision) a delivery of `kind` serves."""
    decision = PenaltyDecision.objects.filter(case=case).first()
    if kind == "decision":
        if decision is None:
            raise ValidationError({"kind": "本案尚未作出行政处罚决定，没有可送达的行政处罚决定书。"})
        issued_on, document = decision.decided_on, decision.document
    else:
        if case.notified_on is None:
            raise ValidationError({"kind": "本案尚未告知，没有可送达的行政处罚告知书。"})
        issued_on, document, decision = case.notified_on, case.notice_document, None
    if document is None:
        raise ValidationError({"kind": f"本案的{DELIVERY_KINDS[kind]}未签发文书，无法登记送达。"})
    return issued_on, document, decision


@transaction.atomic
def delivery_record(*, user, case: Case, expected_version: int, kind: str, method: str, delivered_on: dt.date,
                    recipient: str, consent_confirmed: bool = False, note: str = "", address: str = ""):
    """送达 of an issued document of the case (行政处罚法 art. 61): the 告知书 once notified, the 决定书 once
    decided; never before the document's date. Recorded as the documents app's `DeliveryRecord` of that
    issued document (the one delivery model); delivering the decision moves the case to `delivered`."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, OFFICER)
    ensure_not_frozen(case)
    if kind not in DELIVERY_KINDS:
        raise ValidationError({"kind": "送达文书须为本案已作出的法定文书（行政处罚告知书或行政处罚决定书）。"})
    if method not in DELIVERY_METHODS:
        raise ValidationError({"method": "送达方式须为直接、留置、邮寄、委托、公告或电子送达（《中华人民共和国民事诉讼法》"
                                         "第七章，《中华人民共和国行政处罚法》第六十一条）。"})
    if not recipient.strip():
        raise ValidationError({"recipient": "请填写受送达人。"})
    issued_on, document, decision = _delivered_document(case, kind)
    if method == "electronic" and not consent_confirmed:
        raise ValidationError({"method": "电子送达须经受送达人书面同意并签订确认书（行政处罚法第六十一条）。"})
    if delivered_on < issued_on:
        raise ValidationError({"delivered_on": f"送达日期不得早于{DELIVERY_KINDS[kind]}的日期（{issued_on:%Y-%m-%d}）。"})
    delivery = record_document_delivery(user=user, document=document, method=method, delivered_on=delivered_on,
                                        recipient=recipient, consent_confirmed=consent_confirmed, note=note,
                                        address=address)
    due = decision.delivery_deadline if decision is not None else None
    audit("cases.delivery.record", user=user, obj=delivery, org_id=case.org_id,
          extra={"case": case.pk, "kind": kind, "deadline": due.isoformat() if due else None,
                 "on_time": None if due is None else delivered_on <= due})
    if case.status == S.DECIDED and kind == "decision":
        move_case(case, "deliver", user=user, expected_version=expected_version, event="cases.case.deliver")
    return delivery


@transaction.atomic
def execution_grant(*, user, case: Case, expected_version: int, kind: str, granted_on: dt.date,
                    instalments: list[tuple[int, dt.date]] | None = None, deferred_until: dt.date | None = None,
                    reason: str = "", applied_on: dt.date | None = None) -> Execution:
    """执行: one payment within 15 days of delivery (art. 67), or 暂缓 until a date / 分期 (amounts and due
    dates summing to the fine) on the party's written application approved by the 负责人 (art. 66)."""
    case = locked(Case, case.pk)
    ensure_role(user, case.org_id, CASE_WORKERS)
    if kind in (Execution.Kind.DEFERRED, Execution.Kind.INSTALMENTS):
        ensure_payment_relief_lawful(user=user, applied_on=applied_on, granted_on=granted_on, reason=reason)
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None or case.status != S.DELIVERED:
        raise ValidationError("处罚决定送达后方可安排执行。")
    total = decision.fine_amount
    if kind == Execution.Kind.FULL:
        delivered = deliveries_of_source(case, doc_types=("penalty_decision",)).last()
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
                                         applied_on=applied_on, granted_on=granted_on, deferred_until=deferred_until, granted_by=user)
    for seq, (amount, due_on) in enumerate(sorted(instalments, key=lambda row: row[1]), start=1):
        Instalment.objects.create(execution=execution, seq=seq, amount=amount, due_on=due_on)
    audit("cases.execution.grant", user=user, obj=execution, org_id=case.org_id,
          extra={"instalments": [[a, d.isoformat()] for a, d in instalments]})
    move_case(case, "execute", user=user, expected_version=expected_version, event="cases.case.execute")
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
    # 加处罚款 (art. 72(一)): collected with an overdue payment, the execution's total never above the fine
    others = sum(i.late_fee for i in execution.instalments.exclude(pk=instalment.pk))
    late_fee = min(instalment.late_fee_on(paid_on), max(0, execution.total_amount - others))
    due = instalment.amount + late_fee
    if paid_amount != due:
        detail = (f"（本期罚款{instalment.amount}元，逾期{instalment.overdue_days(paid_on)}日加处罚款{late_fee}元，"
                  f"每日按罚款数额的百分之三计算，不超出罚款数额；《中华人民共和国行政处罚法》第七十二条）"
                  if late_fee else "")
        raise ValidationError({"paid_amount": f"实缴金额须为{due}元{detail}。"})
    before = snapshot(instalment)
    instalment.paid_on, instalment.paid_amount, instalment.receipt_no = paid_on, paid_amount, receipt_no.strip()
    instalment.late_fee = late_fee
    save_locked(instalment, expected_version=expected_version,
                fields=["paid_on", "paid_amount", "receipt_no", "late_fee"])
    audit("cases.instalment.pay", user=user, obj=instalment, before=before, org_id=execution.case.org_id)
    if not execution.instalments.filter(paid_on__isnull=True).exists():
        before = snapshot(execution)
        execution.complete()
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
    move_case(case, "close", user=user, expected_version=expected_version, event="cases.case.close",
              fields=["closed_on", "closing_note"])
    for finding in case.findings.select_for_update():
        before = snapshot(finding)
        finding.close_with_case()
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
    visit.visited_on, visit.visitor = visited_on, user
    visit.record()
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


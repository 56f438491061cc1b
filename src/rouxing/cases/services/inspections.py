"""Services before a case: 检查, 发现问题 (with the engine's decision), 柔性措施, 承诺书,
责令限期改正 and 复查 (which closes the finding or escalates it to a case)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from rouxing.lists.models import FlexibleMethod, ListItem, Violation

from ..models import (
    Commitment,
    Finding,
    FlexibleMeasure,
    Inspection,
    Outcome,
    RectificationOrder,
    Reinspection,
    ReturnVisit,
)
from ._common import (
    OFFICER,
    audit,
    calendar,
    check_version,
    ensure_role,
    locked,
    run_engine,
    save_locked,
    snapshot,
)

FACT_KEYS = ("corrected", "harm", "substantive_compliance", "circumstances", "extra", "first_violation",
             "coercive_measure", "prior_violations")
NO_PENALTY_NOTE = "免罚不免责：不予行政处罚不免除当事人依法改正违法行为、消除事故隐患的责任。"


def _require(value: str, label: str) -> str:
    if not (value or "").strip():
        raise ValidationError(f"请填写{label}。")
    return value.strip()


def _officers_ok(officers) -> list:
    officers = list(officers)
    with_badge = [o for o in officers if (o.badge_no or "").strip()]
    if len(with_badge) < 2:
        raise ValidationError("执法检查须由两名以上持有执法证的执法人员实施（行政处罚法第四十二条）。")
    return officers


@transaction.atomic
def inspection_create(*, user, party, inspected_on: dt.date, place: str, officers, kind: str = "planned",
                      plan_ref: str = "", checklist: list | None = None, note: str = "") -> Inspection:
    """Register an inspection (执法检查) of `party` by ≥ 2 officers of the user's bureau."""
    ensure_role(user, party.org_id, OFFICER)
    officers = _officers_ok(officers)
    if any(o.org_id != party.org_id for o in officers):
        raise ValidationError("执法人员须属于本机关。")
    inspection = Inspection.objects.create(
        org_id=party.org_id, party=party, kind=kind, plan_ref=plan_ref, inspected_on=inspected_on,
        place=_require(place, "检查地点"), checklist=checklist or [], note=note, created_by=user,
    )
    inspection.officers.set(officers)
    audit("cases.inspection.create", user=user, obj=inspection,
          extra={"officers": [o.pk for o in officers]})
    return inspection


@transaction.atomic
def inspection_complete(*, user, inspection: Inspection, expected_version: int, note: str = "") -> Inspection:
    """检查完毕: the visit is over (counted by the plan-completion statistics)."""
    inspection = locked(Inspection, inspection.pk)
    ensure_role(user, inspection.org_id, OFFICER)
    if inspection.status == Inspection.Status.COMPLETED:
        raise ValidationError("该检查已标记为检查完毕。")
    before = snapshot(inspection)
    inspection.complete()
    fields = ["status"]
    if note.strip():
        inspection.note = f"{inspection.note}\n{note.strip()}".strip()
        fields.append("note")
    save_locked(inspection, expected_version=expected_version, fields=fields)
    audit("cases.inspection.complete", user=user, obj=inspection, before=before)
    return inspection


def _party_facts(party, on: dt.date) -> dict[str, Any]:
    facts: dict[str, Any] = {"kind": party.kind, "industry": party.industry}
    if party.uscc:
        facts["uscc"] = party.uscc
    if party.id_number:
        facts["id_number"] = party.id_number
    if party.kind == "person" and party.birth_date:
        years = on.year - party.birth_date.year - ((on.month, on.day) < (party.birth_date.month, party.birth_date.day))
        facts["age"] = years
    return facts


def build_facts(*, org, party, violation: Violation, on: dt.date, violation_date: dt.date | None,
                officer_facts: dict[str, Any]) -> dict[str, Any]:
    """The decision contract's input for a finding (org, dates, violation, party, circumstances)."""
    facts: dict[str, Any] = {
        "org": org.code, "date": on.isoformat(), "item_code": violation.code,
        "party": _party_facts(party, on),
    }
    if violation_date:
        facts["violation_date"] = violation_date.isoformat()
    for key in FACT_KEYS:
        if key in officer_facts and officer_facts[key] not in (None, "", []):
            facts[key] = officer_facts[key]
    # recorded on the day it is found: without a stated correction it is not yet due (尚未到改正期限), a fact the
    # engine needs stated (行政处罚法 art. 40); re-inspection and escalation later replace it
    facts.setdefault("corrected", "not_yet")
    return facts


def _list_item_from(decision: dict[str, Any]) -> ListItem | None:
    ref = decision.get("list_item") or None
    if not ref:
        return None
    rows = ListItem.objects.filter(version__label=ref.get("version"), list_kind=ref.get("list"), seq=ref.get("seq"))
    org = ref.get("org")
    if org:
        rows = rows.filter(version__org__code=org) | rows.filter(version__org__name=org)
    return rows.first()


def _apply_decision(finding: Finding, decision: dict[str, Any], *, prospect: dict[str, Any] | None,
                    chosen: str | None, reason: str) -> None:
    finding.decision = decision
    finding.prospect = prospect or {}
    recommended = finding.recommendation
    finding.engine_version = str(recommended.get("engine_version", ""))[:40]
    finding.list_version = str(recommended.get("list_version", ""))[:60]
    finding.recommended_outcome = recommended.get("outcome", "")
    finding.chosen_outcome = chosen or finding.recommended_outcome
    finding.departure_reason = (reason or "").strip()
    finding.needs_legal_review = finding.is_departure
    coercion = decision.get("coercion") or {}
    finding.coercion_withheld = bool(coercion) and coercion.get("allowed") is False


def evaluate_finding(facts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The engine's decision on the facts, and — while correction is pending — the prospect if the
    party corrects within the deadline (the path 责令限期改正 opens)."""
    decision = run_engine(facts)
    if facts.get("corrected", "not_yet") != "not_yet":
        return decision, None
    return decision, run_engine({**facts, "corrected": "within_deadline"})


@transaction.atomic
def finding_record(*, user, inspection: Inspection, violation: Violation, description: str, basis: str, cause: str,
                   suggested_fix: str, facts: dict[str, Any] | None = None, chosen_outcome: str | None = None,
                   departure_reason: str = "", violation_date: dt.date | None = None,
                   list_item: ListItem | None = None) -> Finding:
    """Record a finding (清单式执法: 判定依据, 产生原因, 整改建议 required) and store the engine's decision.

    The engine runs with the party's history (首次被发现 from earlier findings). Choosing another
    outcome than the recommended one needs a written reason and flags the finding for legal review.
    """
    ensure_role(user, inspection.org_id, OFFICER)
    finding = Finding(
        org_id=inspection.org_id, inspection=inspection, party=inspection.party, violation=violation,
        found_on=inspection.inspected_on, violation_date=violation_date, description=description or "",
        basis=basis or "", cause=cause or "", suggested_fix=suggested_fix or "", recorded_by=user,
    )
    finding.facts = build_facts(org=inspection.org, party=inspection.party, violation=violation,
                                on=inspection.inspected_on, violation_date=violation_date,
                                officer_facts=facts or {})
    if chosen_outcome and chosen_outcome not in Outcome.values:
        raise ValidationError({"chosen_outcome": "处理结果无效。"})
    finding.chosen_outcome = chosen_outcome or ""
    _require(description, "问题描述")
    finding.clean()
    finding.full_clean(exclude=["decision", "recommended_outcome", "chosen_outcome", "departure_reason",
                                "list_item", "case"])
    decision, prospect = evaluate_finding(finding.facts)
    _apply_decision(finding, decision, prospect=prospect, chosen=chosen_outcome, reason=departure_reason)
    finding.list_item = list_item or _list_item_from(finding.recommendation)
    finding.clean()
    finding.save()
    audit("cases.finding.record", user=user, obj=finding,
          extra={"recommended": finding.recommended_outcome, "chosen": finding.chosen_outcome,
                 "departure": finding.is_departure})
    return finding


EDITABLE_FINDING_FIELDS = ("description", "basis", "cause", "suggested_fix")


@transaction.atomic
def finding_update(*, user, finding: Finding, expected_version: int, **changes: str) -> Finding:
    """Edit the text of a finding (描述/依据/原因/整改建议); a stale `expected_version` is refused."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if finding.status in (Finding.Status.CLOSED, Finding.Status.VOIDED):
        raise ValidationError(f"问题{finding.get_status_display()}，不能修改。")
    unknown = set(changes) - set(EDITABLE_FINDING_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    check_version(finding, expected_version)
    before = snapshot(finding)
    for name, value in changes.items():
        setattr(finding, name, value)
    finding.clean()
    save_locked(finding, expected_version=expected_version, fields=list(changes))
    audit("cases.finding.update", user=user, obj=finding, before=before)
    return finding


@transaction.atomic
def measure_record(*, user, party, method: FlexibleMethod, performed_on: dt.date, recipient: str, content: str,
                   person_count: int = 1, finding: Finding | None = None, case=None) -> FlexibleMeasure:
    """Record one use of a flexible method (柔性执法措施) with its written record (文字记录)."""
    org_id = party.org_id
    ensure_role(user, org_id, OFFICER)
    for linked in (finding, case):
        if linked is not None and linked.org_id != org_id:
            raise ValidationError("措施所属问题或案件须属于同一机关。")
    if finding is not None:
        # 行政回访 follows the closing by nature (return_visit_record counts it); nothing else is added.
        _ensure_takes_records(finding, closed_ok=method.code == "return_visit")
    if finding is not None and performed_on < finding.found_on:
        raise ValidationError({"performed_on": "实施日期不能早于发现问题的日期。"})
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": "实施日期不能晚于今天。"})
    if method.unit != "人次":
        person_count = 1
    if person_count < 1:
        raise ValidationError({"person_count": "人次须至少为1。"})
    measure = FlexibleMeasure(
        org_id=org_id, party=party, method=method, performed_on=performed_on, performed_by=user,
        recipient=_require(recipient, "实施对象"), content=_require(content, "文字记录"),
        person_count=person_count, finding=finding, case=case,
    )
    measure.save()
    audit("cases.measure.record", user=user, obj=measure, extra={"method": method.code})
    return measure


def _ensure_takes_records(finding: Finding, *, closed_ok: bool = False) -> None:
    """A closed (已办结) or voided (已作废) finding takes no new measure, commitment, order or 复查."""
    status = Finding.objects.values_list("status", flat=True).get(pk=finding.pk)
    if status == Finding.Status.CLOSED and not closed_ok:
        raise ValidationError(f"问题“{finding.violation.name}”已办结，不能再登记新的记录。")
    if status == Finding.Status.VOIDED:
        raise ValidationError(f"问题“{finding.violation.name}”已作废，不能再登记新的记录。")


def _ensure_open_for_commitment(finding: Finding) -> None:
    """保证承诺 belongs to the flexible path before a case: a finding already in a case (已立案) or
    closed (已办结) takes no new commitment."""
    if finding.status == Finding.Status.ESCALATED:
        raise ValidationError(f"问题“{finding.violation.name}”已立案，不能再登记承诺书，请在案件中办理。")
    if finding.status == Finding.Status.CLOSED:
        raise ValidationError(f"问题“{finding.violation.name}”已办结，不能再登记承诺书。")
    if finding.status == Finding.Status.VOIDED:
        raise ValidationError(f"问题“{finding.violation.name}”已作废，不能再登记承诺书。")


@transaction.atomic
def commitment_sign(*, user, party, findings: list[Finding], content: str, signatory: str, deadline: dt.date,
                    signed_on: dt.date, observation_days: int = 90, kind: str = "guarantee",
                    legal_study: bool = False) -> Commitment:
    """Record a signed 保证承诺书 / 告知承诺 with its 纠错观察期 (seed 004)."""
    ensure_role(user, party.org_id, OFFICER)
    if any(f.party_id != party.pk for f in findings):
        raise ValidationError("承诺涉及的问题须属于同一行政相对人。")
    for finding in findings:
        _ensure_open_for_commitment(finding)
    commitment = Commitment(
        org_id=party.org_id, party=party, kind=kind, content=_require(content, "承诺内容"),
        signatory=_require(signatory, "承诺人"), deadline=deadline, signed_on=signed_on,
        observation_end=signed_on + dt.timedelta(days=observation_days), recorded_by=user, legal_study=legal_study,
    )
    commitment.clean()
    commitment.save()
    commitment.findings.set(findings)
    audit("cases.commitment.sign", user=user, obj=commitment, extra={"findings": [f.pk for f in findings]})
    return commitment


@transaction.atomic
def commitment_settle(*, user, commitment: Commitment, expected_version: int, fulfilled: bool, settled_on: dt.date,
                      note: str, study_done_on: dt.date | None = None) -> Commitment:
    """核查承诺: fulfilled (kept the promise; legal study done where 以学促管 applies) or breached.

    A breach (not fulfilled by the deadline) is handled like an order not corrected in time: each
    finding of the commitment not yet in a case is escalated (立案) with the engine re-run on
    corrected = overdue.
    """
    from .cases import case_escalate

    commitment = locked(Commitment, commitment.pk)
    ensure_role(user, commitment.org_id, OFFICER)
    if commitment.status != Commitment.Status.SIGNED:
        raise ValidationError("该承诺已核查。")
    if settled_on < commitment.signed_on:
        raise ValidationError({"settled_on": "核查日期不能早于签署日期。"})
    study_done_on = study_done_on or commitment.study_done_on
    if fulfilled and commitment.legal_study and study_done_on is None:
        raise ValidationError({"study_done_on": "以学促管：当事人须完成法治学习后方可认定已履行承诺。"})
    if not fulfilled and settled_on <= commitment.deadline:
        raise ValidationError({"settled_on": f"承诺期限{commitment.deadline:%Y年%m月%d日}届满后方可认定未履行承诺。"})
    before = snapshot(commitment)
    if fulfilled:
        commitment.fulfil()
    else:
        commitment.breach()
    commitment.settled_on, commitment.settle_note = settled_on, _require(note, "核查情况")
    commitment.study_done_on = study_done_on
    save_locked(commitment, expected_version=expected_version,
                fields=["status", "settled_on", "settle_note", "study_done_on"])
    audit("cases.commitment.settle", user=user, obj=commitment, before=before)
    if not fulfilled:
        for finding in commitment.findings.filter(case__isnull=True).exclude(
                status__in=[Finding.Status.CLOSED, Finding.Status.VOIDED]):
            case_escalate(user=user, finding=finding, registered_on=settled_on, corrected="overdue",
                          source="核查：承诺期限届满未履行承诺")
    return commitment


@transaction.atomic
def rectification_order(*, user, finding: Finding, issued_on: dt.date, period: int, day_kind: str = "workdays",
                        requirements: str = "") -> RectificationOrder:
    """责令限期改正: the deadline counts Chinese working days (调休 included) or calendar days."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if finding.status not in (Finding.Status.RECORDED, Finding.Status.RECTIFYING):
        raise ValidationError(f"问题当前状态为“{finding.get_status_display()}”，不能责令限期改正。")
    if period < 1:
        raise ValidationError({"period": "整改期限须至少为1日。"})
    if day_kind not in RectificationOrder.DayKind.values:
        raise ValidationError({"day_kind": "期限计算方式无效。"})
    order = RectificationOrder.objects.create(
        org_id=finding.org_id, finding=finding, issued_on=issued_on, period=period, day_kind=day_kind,
        deadline=calendar(RectificationOrder.compute_deadline, issued_on, period, day_kind),
        requirements=(requirements or finding.suggested_fix).strip(), issued_by=user,
    )
    before = snapshot(finding)
    finding.order_rectification()
    save_locked(finding, expected_version=None, fields=["status"])
    audit("cases.rectification.order", user=user, obj=order, extra={"deadline": order.deadline.isoformat()})
    audit("cases.finding.rectifying", user=user, obj=finding, before=before)
    return order


def _schedule_return_visit(*, org_id: int, party_id: int, closed_on: dt.date, case=None, finding=None):
    days = int(getattr(settings, "CASES_RETURN_VISIT_DAYS", 30))
    return ReturnVisit.objects.create(org_id=org_id, party_id=party_id, case=case, finding=finding,
                                      due_on=closed_on + dt.timedelta(days=days))


def _close_finding(finding: Finding, *, user, on: dt.date, note: str) -> Finding:
    before = snapshot(finding)
    finding.close()
    finding.decided_on = on
    finding.closing_note = note
    save_locked(finding, expected_version=None, fields=["status", "decided_on", "closing_note"])
    audit("cases.finding.close", user=user, obj=finding, before=before)
    _schedule_return_visit(org_id=finding.org_id, party_id=finding.party_id, closed_on=on, finding=finding)
    return finding


@transaction.atomic
def finding_close(*, user, finding: Finding, closed_on: dt.date, note: str = "") -> Finding:
    """Close a no-penalty finding corrected on the spot (当场改正) with the 免罚不免责 note."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if finding.chosen_outcome != Outcome.NO_PENALTY:
        raise ValidationError("只有不予行政处罚的问题可以直接办结；其他情形须立案处理。")
    if finding.needs_legal_review:
        raise ValidationError("未采纳系统建议的处理结果须立案并经法制审核，不能直接办结。")
    if finding.status not in (Finding.Status.RECORDED, Finding.Status.CORRECTED):
        raise ValidationError(f"问题当前状态为“{finding.get_status_display()}”，不能办结。")
    return _close_finding(finding, user=user, on=closed_on, note=f"{NO_PENALTY_NOTE}{note.strip()}")


@transaction.atomic
def reinspection_record(*, user, order: RectificationOrder, inspected_on: dt.date, result: str, note: str,
                        officers) -> Reinspection:
    """复查. Corrected + no-penalty → the finding closes (免罚不免责); otherwise the case is escalated
    (立案) and the engine re-run with corrected = within_deadline / overdue / refused."""
    from .cases import case_escalate

    order = locked(RectificationOrder, order.pk)
    ensure_role(user, order.org_id, OFFICER)
    if order.status != RectificationOrder.Status.OPEN:
        raise ValidationError("该责令改正已有复查结论。")
    finding_status = Finding.objects.values_list("status", flat=True).get(pk=order.finding_id)
    if finding_status == Finding.Status.ESCALATED:
        raise ValidationError("问题已立案，不能再复查，请在案件中办理。")
    if finding_status in (Finding.Status.CLOSED, Finding.Status.VOIDED):
        raise ValidationError(f"问题{Finding.Status(finding_status).label}，不能再复查。")
    if result not in Reinspection.Result.values:
        raise ValidationError({"result": "复查结论无效。"})
    if inspected_on < order.issued_on:
        raise ValidationError({"inspected_on": "复查日期不能早于责令改正日期。"})
    if result == Reinspection.Result.NOT_CORRECTED and inspected_on <= order.deadline:
        raise ValidationError({"inspected_on": f"整改期限{order.deadline:%Y年%m月%d日}届满后方可认定逾期未改正。"})
    officers = _officers_ok(officers)
    reinspection = Reinspection.objects.create(org_id=order.org_id, order=order, inspected_on=inspected_on,
                                               result=result, note=_require(note, "复查情况"))
    reinspection.officers.set(officers)
    before = snapshot(order)
    {Reinspection.Result.CORRECTED: order.mark_corrected, Reinspection.Result.NOT_CORRECTED: order.mark_overdue,
     Reinspection.Result.REFUSED: order.mark_refused}[Reinspection.Result(result)]()
    save_locked(order, expected_version=None, fields=["status"])
    audit("cases.reinspection.record", user=user, obj=reinspection, extra={"order": order.pk})
    audit("cases.rectification.result", user=user, obj=order, before=before)
    finding = locked(Finding, order.finding_id)
    if result == Reinspection.Result.CORRECTED:
        finding = _reevaluate_corrected(finding, user=user)
        if finding.chosen_outcome == Outcome.NO_PENALTY and not finding.needs_legal_review:
            _close_finding(finding, user=user, on=inspected_on, note=f"{NO_PENALTY_NOTE}经复查已按期改正。")
            return reinspection
    corrected = "within_deadline" if result == Reinspection.Result.CORRECTED else result
    source = f"复查：{Reinspection.Result(result).label}"
    if finding.needs_legal_review:
        source += "；未采纳系统建议，须经法制审核"
    case_escalate(user=user, finding=finding, registered_on=inspected_on, corrected=corrected, source=source)
    return reinspection


def _reevaluate_corrected(finding: Finding, *, user) -> Finding:
    """Corrected within the deadline: the engine decides again on the real facts (same decision date,
    so the finding's own record never counts as an earlier violation). A no-penalty departure the
    officer justified in writing stands; otherwise the recommendation is adopted."""
    before = snapshot(finding)
    facts = {**finding.facts, "corrected": "within_deadline"}
    decision = run_engine(facts)
    keep_departure = finding.chosen_outcome == Outcome.NO_PENALTY and finding.is_departure
    finding.facts = facts
    _apply_decision(finding, decision, prospect=None,
                    chosen=Outcome.NO_PENALTY if keep_departure else None,
                    reason=finding.departure_reason if keep_departure else "")
    finding.list_item = _list_item_from(decision) or finding.list_item
    finding.mark_corrected()
    save_locked(finding, expected_version=None, fields=[
        "facts", "decision", "prospect", "engine_version", "list_version", "recommended_outcome", "chosen_outcome",
        "departure_reason", "needs_legal_review", "coercion_withheld", "list_item", "status"])
    audit("cases.finding.reevaluate", user=user, obj=finding, before=before,
          extra={"corrected": "within_deadline", "outcome": finding.recommended_outcome})
    return finding

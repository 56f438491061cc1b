"""Keeping the flexible-enforcement records true: 作废 (void with a reason) of a 柔性执法措施, a 承诺书 or a
发现问题 entered in error, and 更正事实 (a new version of a finding's facts with the engine re-run).

A voided record is never deleted: it keeps its data, is marked with who voided it, when and why, is left
out of the statistics (`selectors.measures_for_period`, `decisions_for_period`, the oversight metrics and
the 首次被发现 history) and shows on the timeline. A correction stores the superseded facts and decision
as a `FindingRevision`; when the recommended outcome changes, the finding is flagged for legal review.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Commitment, Finding, FindingRevision, FlexibleMeasure, Outcome
from ._common import (
    CASE_WORKERS,
    OFFICER,
    audit,
    ensure_not_frozen,
    ensure_role,
    locked,
    save_locked,
    snapshot,
)

VOID_FIELDS = ["voided_at", "voided_by", "void_reason"]
MAX_REASON = 500


def _reason(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": f"作废{what}须填写理由（如：重复录入、录入错误）。"})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": f"作废理由不能超过{MAX_REASON}字。"})
    return text


def _mark_void(obj, *, user, reason: str) -> None:
    obj.voided_at, obj.voided_by, obj.void_reason = timezone.now(), user, reason


@transaction.atomic
def measure_void(*, user, measure: FlexibleMeasure, reason: str) -> FlexibleMeasure:
    """作废柔性执法措施: kept and marked, no longer counted in 件/人次."""
    measure = locked(FlexibleMeasure, measure.pk)
    ensure_role(user, measure.org_id, CASE_WORKERS)
    if measure.is_void:
        raise ValidationError("该柔性执法措施已作废。")
    if measure.case is not None:
        ensure_not_frozen(measure.case)
    if measure.finding is not None and measure.finding.case is not None:
        ensure_not_frozen(measure.finding.case)
    before = snapshot(measure)
    _mark_void(measure, user=user, reason=_reason(reason, "柔性执法措施"))
    measure.save(update_fields=VOID_FIELDS)
    audit("cases.measure.void", user=user, obj=measure, before=before, extra={"reason": measure.void_reason})
    return measure


@transaction.atomic
def commitment_void(*, user, commitment: Commitment, reason: str, expected_version: int | None = None) -> Commitment:
    """作废承诺书: a commitment found breached has led to a case and stays; any other is kept and marked."""
    commitment = locked(Commitment, commitment.pk)
    ensure_role(user, commitment.org_id, OFFICER)
    if commitment.status == Commitment.Status.VOIDED:
        raise ValidationError("该承诺书已作废。")
    if commitment.status == Commitment.Status.BREACHED:
        raise ValidationError("该承诺已认定未履行并据此立案，不能作废；如认定有误，请在案件中处理。")
    before = snapshot(commitment)
    _mark_void(commitment, user=user, reason=_reason(reason, "承诺书"))
    commitment.void()
    save_locked(commitment, expected_version=expected_version, fields=[*VOID_FIELDS, "status"])
    audit("cases.commitment.void", user=user, obj=commitment, before=before, extra={"reason": commitment.void_reason})
    return commitment


@transaction.atomic
def finding_void(*, user, finding: Finding, reason: str, expected_version: int | None = None) -> Finding:
    """作废发现问题: only before a case (已立案 findings are handled in the case); kept, marked 已作废,
    left out of 五个百分之百 and the 首次被发现 history; its open 责令改正 and 回访 leave the worklist."""
    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if finding.status == Finding.Status.VOIDED:
        raise ValidationError("该问题已作废。")
    if finding.case_id is not None or finding.status == Finding.Status.ESCALATED:
        raise ValidationError("该问题已立案，不能作废；请在案件中依法处理（如撤销立案）。")
    before = snapshot(finding)
    _mark_void(finding, user=user, reason=_reason(reason, "问题"))
    finding.void()
    save_locked(finding, expected_version=expected_version, fields=[*VOID_FIELDS, "status"])
    audit("cases.finding.void", user=user, obj=finding, before=before, extra={"reason": finding.void_reason})
    return finding


# ---------------------------------------------------------------- 更正事实

CORRECTABLE = (Finding.Status.RECORDED, Finding.Status.RECTIFYING, Finding.Status.CORRECTED)
"""A finding's facts may be corrected while it is on the flexible path (not 已立案, 已办结 or 已作废)."""


@transaction.atomic
def finding_correct_facts(*, user, finding: Finding, facts: dict[str, Any], reason: str,
                          expected_version: int, chosen_outcome: str | None = None,
                          departure_reason: str = "") -> Finding:
    """更正事实: store the superseded facts and decision (`FindingRevision`), re-run the engine on the
    corrected officer facts (改正情况, 危害后果, 其他情节…), and flag legal review when the recommended
    outcome changes. The date, violation and party facts stay as recorded."""
    from .inspections import FACT_KEYS, _apply_decision, _list_item_from, evaluate_finding

    finding = locked(Finding, finding.pk)
    ensure_role(user, finding.org_id, OFFICER)
    if finding.status not in CORRECTABLE:
        raise ValidationError(f"问题当前状态为“{finding.get_status_display()}”，不能更正事实"
                              "（已立案的在案件中更正，已办结或已作废的不能更正）。")
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": "更正事实须填写理由（如：检查时漏选情节）。"})
    if chosen_outcome and chosen_outcome not in Outcome.values:
        raise ValidationError({"chosen_outcome": "处理结果无效。"})
    new_facts = {k: v for k, v in finding.facts.items() if k not in FACT_KEYS}
    new_facts.update({k: v for k, v in facts.items() if k in FACT_KEYS and v not in (None, "", [])})
    if new_facts == finding.facts:
        raise ValidationError("事实未改变，无需更正。")
    before = snapshot(finding)
    old = {"facts": finding.facts, "decision": finding.decision, "prospect": finding.prospect,
           "recommended_outcome": finding.recommended_outcome, "chosen_outcome": finding.chosen_outcome}
    decision, prospect = evaluate_finding(new_facts)
    finding.facts = new_facts
    _apply_decision(finding, decision, prospect=prospect, chosen=chosen_outcome, reason=departure_reason)
    changed_outcome = finding.recommended_outcome != old["recommended_outcome"]
    finding.needs_legal_review = finding.is_departure or changed_outcome or finding.needs_legal_review
    finding.list_item = _list_item_from(finding.recommendation) or finding.list_item
    finding.clean()
    seq = finding.revisions.count() + 1
    FindingRevision.objects.create(finding=finding, seq=seq, reason=text, revised_by=user,
                                   new_recommended_outcome=finding.recommended_outcome, **old)
    save_locked(finding, expected_version=expected_version, fields=[
        "facts", "decision", "prospect", "engine_version", "list_version", "recommended_outcome", "chosen_outcome",
        "departure_reason", "needs_legal_review", "coercion_withheld", "list_item"])
    audit("cases.finding.correct_facts", user=user, obj=finding, before=before,
          extra={"reason": text, "revision": seq, "outcome_before": old["recommended_outcome"],
                 "outcome_after": finding.recommended_outcome, "legal_review": finding.needs_legal_review})
    return finding

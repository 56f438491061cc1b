"""Findings (清单式执法) with the real decision engine and the 三明 lists (seed 000 annex 1)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.cases import selectors
from rouxing.cases import services as svc
from rouxing.cases.models import Case, Finding, ReturnVisit
from rouxing.lists.models import Violation

from .conftest import reload

FOUND_ON = dt.date(2024, 9, 27)
FACTS = {"harm": "none", "substantive_compliance": True}


@pytest.fixture
def training_record():
    """AQSC-097-04 未如实记录安全生产教育和培训情况 (三明 不予处罚清单 item 4)."""
    return Violation.objects.get(code="AQSC-097-04")


@pytest.fixture
def general_party(demo):
    return demo.party("SM-YJJ", kind="enterprise", industry="general")


def _record(sm, party, violation, *, on=FOUND_ON, facts=None, **kw):
    from rouxing.cases.services import inspection_create

    inspection = inspection_create(user=sm.officer, party=party, inspected_on=on, place="车间",
                                   officers=[sm.officer, sm.officer2])
    params = {"description": "2024年三季度培训未记录", "basis": "《安全生产法》第二十八条第四款",
              "cause": "安全员离职后无人接手", "suggested_fix": "补记培训档案，明确专人负责", **kw}
    return svc.finding_record(user=sm.officer, inspection=inspection, violation=violation,
                              facts=FACTS if facts is None else facts, **params)


def test_finding_without_basis_cannot_be_saved(sm, general_party, training_record):
    before = Finding.objects.count()
    with pytest.raises(ValidationError) as err:
        _record(sm, general_party, training_record, basis="  ")
    assert "判定依据" in str(err.value)
    assert Finding.objects.count() == before


def test_first_finding_pending_correction_recommends_no_penalty_on_the_list_item(sm, general_party, training_record):
    # when a first finding is recorded while correction is pending
    finding = _record(sm, general_party, training_record)
    # then the engine's decision on today's facts and the prospect if corrected are both stored
    assert finding.decision["outcome"] == "standard"
    assert finding.prospect["outcome"] == "no_penalty"
    assert finding.recommended_outcome == finding.chosen_outcome == "no_penalty"
    assert (finding.list_item.list_kind, finding.list_item.seq) == ("no_penalty", 4)
    assert finding.engine_version.startswith("rouxing-engine") and finding.list_version == "SM-YJJ/2022-1"
    assert finding.decision["trace"]


def test_departure_needs_a_written_reason_and_is_flagged(sm, general_party, training_record):
    with pytest.raises(ValidationError, match="理由"):
        _record(sm, general_party, training_record, chosen_outcome="lighter")
    finding = _record(sm, general_party, training_record, chosen_outcome="lighter", departure_reason="拒不配合检查")
    assert finding.is_departure and finding.needs_legal_review


def test_second_finding_of_the_same_violation_is_not_a_first_violation(sm, general_party, training_record):
    _record(sm, general_party, training_record, on=dt.date(2024, 3, 4))
    later = _record(sm, general_party, training_record)
    assert later.recommended_outcome != "no_penalty"
    assert "not_first_violation" in later.recommendation["exclusions"]


def test_reinspection_corrected_closes_the_finding_without_penalty(sm, general_party, training_record):
    # given a no-penalty finding with a 5-working-day order
    finding = _record(sm, general_party, training_record)
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=FOUND_ON, period=5)
    # when the reinspection finds it corrected
    svc.reinspection_record(user=sm.officer, order=order, inspected_on=dt.date(2024, 10, 9), result="corrected",
                            note="培训档案已补记", officers=[sm.officer, sm.officer2])
    # then it closes as 不予处罚 with the 免罚不免责 note, a return visit is due, statistics see it
    finding = reload(finding)
    assert finding.status == Finding.Status.CLOSED
    assert finding.decision["outcome"] == "no_penalty" and finding.closing_note.startswith("免罚不免责")
    assert ReturnVisit.objects.filter(finding=finding).exists()
    rows = selectors.decisions_for_period([sm.org.pk], dt.date(2024, 10, 1), dt.date(2024, 10, 31))
    assert [(r.pk, r.outcome) for r in rows] == [(finding.pk, "no_penalty")]


def test_overdue_cannot_be_recorded_before_the_deadline(sm, general_party, training_record):
    finding = _record(sm, general_party, training_record)
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=FOUND_ON, period=5)
    with pytest.raises(ValidationError, match="届满后"):
        svc.reinspection_record(user=sm.officer, order=order, inspected_on=dt.date(2024, 10, 10), result="overdue",
                                note="未整改", officers=[sm.officer, sm.officer2])
    assert reload(finding).status == Finding.Status.RECTIFYING


def test_not_corrected_by_the_deadline_escalates_to_a_case_with_the_engine_rerun(sm, general_party, training_record):
    # given a finding whose 5-working-day deadline is 2024-10-10
    finding = _record(sm, general_party, training_record)
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=FOUND_ON, period=5)
    # when the reinspection on 10-11 finds it not corrected
    svc.reinspection_record(user=sm.officer, order=order, inspected_on=dt.date(2024, 10, 11), result="overdue",
                            note="仍未补记", officers=[sm.officer, sm.officer2])
    # then a case is registered and investigating, with the overdue decision and its fine band
    finding = reload(finding)
    case = finding.case
    assert finding.status == Finding.Status.ESCALATED
    assert case.status == Case.Status.INVESTIGATING and case.registered_on == dt.date(2024, 10, 11)
    assert case.engine_decision["outcome"] == "standard"
    assert "not_corrected" in case.engine_decision["exclusions"]
    assert case.fine_band["band_min"] >= case.engine_decision["fine"]["statutory_min"] > 0
    assert case.hearing_threshold == training_record.hearing_threshold
    assert case.number.startswith("明应急立〔2024〕")


def test_inspection_needs_two_officers_with_badges(sm, general_party, demo):
    from rouxing.cases.services import inspection_create

    with pytest.raises(ValidationError, match="两名以上"):
        inspection_create(user=sm.officer, party=general_party, inspected_on=FOUND_ON, place="车间",
                          officers=[sm.officer, demo.user("sm_listadmin")])


def test_no_penalty_departure_goes_to_a_case_for_legal_review(sm, general_party, training_record):
    # given a second finding (not a first violation) the officer still chooses not to punish, with a reason
    _record(sm, general_party, training_record, on=dt.date(2024, 3, 4))
    finding = _record(sm, general_party, training_record, chosen_outcome="no_penalty",
                      departure_reason="上次问题系前任负责人任内发生，现已全面整改")
    assert finding.needs_legal_review
    order = svc.rectification_order(user=sm.officer, finding=finding, issued_on=FOUND_ON, period=5)
    # when the reinspection finds it corrected
    svc.reinspection_record(user=sm.officer, order=order, inspected_on=dt.date(2024, 10, 9), result="corrected",
                            note="已整改", officers=[sm.officer, sm.officer2])
    # then it is not closed directly: a case is registered so the departure is legally reviewed
    finding = reload(finding)
    assert finding.status == Finding.Status.ESCALATED
    assert "法制审核" in finding.case.source
    assert finding.chosen_outcome == "no_penalty"


def test_corrected_on_the_spot_closes_with_the_no_penalty_note(sm, general_party, training_record):
    finding = _record(sm, general_party, training_record, facts={**FACTS, "corrected": "immediately"})
    assert finding.recommended_outcome == "no_penalty" and not finding.prospect
    svc.finding_close(user=sm.officer, finding=finding, closed_on=FOUND_ON, note="当场补记")
    finding = reload(finding)
    assert finding.status == Finding.Status.CLOSED and finding.decided_on == FOUND_ON
    assert finding.closing_note.startswith("免罚不免责") and finding.closing_note.endswith("当场补记")


def test_audit_event_of_a_state_change_holds_before_and_after(sm, general_party, training_record):
    from rouxing.core.models import AuditEvent

    finding = _record(sm, general_party, training_record)
    svc.rectification_order(user=sm.officer, finding=finding, issued_on=FOUND_ON, period=5)
    event = AuditEvent.objects.filter(event="cases.finding.rectifying", object_id=str(finding.pk)).get()
    assert event.detail["before"]["status"] == "recorded"
    assert event.detail["after"]["status"] == "rectifying"
    assert event.actor_id == sm.officer.pk

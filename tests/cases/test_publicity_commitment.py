"""A breached commitment (承诺 not kept by its deadline) escalates to a case like an order not corrected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rouxing.cases import services as svc
from rouxing.cases.models import Case, Finding
from rouxing.lists.models import Violation

from .conftest import reload

FOUND_ON = dt.date(2024, 9, 27)


@pytest.fixture
def commitment(sm, demo):
    party = demo.party("SM-YJJ", kind="enterprise", industry="general")
    inspection = svc.inspection_create(user=sm.officer, party=party, inspected_on=FOUND_ON, place="车间",
                                       officers=[sm.officer, sm.officer2])
    finding = svc.finding_record(user=sm.officer, inspection=inspection,
                                 violation=Violation.objects.get(code="AQSC-097-04"),
                                 facts={"harm": "none", "substantive_compliance": True},
                                 description="2024年三季度培训未记录", basis="《安全生产法》第二十八条第四款",
                                 cause="安全员离职后无人接手", suggested_fix="补记培训档案，明确专人负责")
    return svc.commitment_sign(user=sm.officer, party=party, findings=[finding], content="10月10日前补记培训档案",
                               signatory="企业负责人", deadline=dt.date(2024, 10, 10), signed_on=FOUND_ON)


def test_breach_cannot_be_recorded_before_the_deadline(sm, commitment):
    with pytest.raises(ValidationError, match="届满后"):
        svc.commitment_settle(user=sm.officer, commitment=commitment, expected_version=commitment.lock_version,
                              fulfilled=False, settled_on=dt.date(2024, 10, 10), note="未补记")
    assert reload(commitment).status == "signed"
    assert not Case.objects.filter(findings__commitments=commitment).exists()


def test_breached_commitment_escalates_to_a_case_with_the_engine_rerun_as_overdue(sm, commitment):
    # when the check after the deadline finds the commitment not kept
    svc.commitment_settle(user=sm.officer, commitment=commitment, expected_version=commitment.lock_version,
                          fulfilled=False, settled_on=dt.date(2024, 10, 11), note="培训档案仍未补记")
    # then the finding is escalated to an investigating case decided on corrected = overdue
    finding = reload(commitment.findings.get())
    case = finding.case
    assert reload(commitment).status == "breached"
    assert finding.status == Finding.Status.ESCALATED
    assert case.status == Case.Status.INVESTIGATING and case.registered_on == dt.date(2024, 10, 11)
    assert "承诺" in case.source
    assert case.engine_decision["outcome"] == "standard"
    assert "not_corrected" in case.engine_decision["exclusions"]

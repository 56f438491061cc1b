"""执行 (arts. 66, 72): 暂缓/分期 only on written application approved by the 负责人; 加处罚款 3% a day capped
at the fine, computed, shown and collected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from rouxing.cases import services as svc
from rouxing.cases.models import Execution, Instalment

from .conftest import reload
from .test_case_path import delivered_case  # fine 20,000 元, decided 5 Nov, delivered 6 Nov 2024


def execution_rows():
    return (list(Execution.objects.order_by("pk").values()), list(Instalment.objects.order_by("pk").values()))


def test_instalments_need_the_written_application_and_the_approver(sm):
    case = delivered_case(sm)
    args = {"case": case, "expected_version": case.lock_version, "kind": "instalments",
            "granted_on": dt.date(2024, 11, 8), "reason": "经营困难",
            "instalments": [(10000, dt.date(2024, 12, 8)), (10000, dt.date(2025, 1, 8))]}
    before = execution_rows()
    with pytest.raises(PermissionDenied, match="负责人批准.*第六十六条"):
        svc.execution_grant(user=sm.officer, applied_on=dt.date(2024, 11, 7), **args)
    with pytest.raises(ValidationError, match="书面申请.*第六十六条"):
        svc.execution_grant(user=sm.approver, **args)
    with pytest.raises(ValidationError, match="不得早于当事人申请日期"):
        svc.execution_grant(user=sm.approver, applied_on=dt.date(2024, 11, 9), **args)
    assert execution_rows() == before
    execution = svc.execution_grant(user=sm.approver, applied_on=dt.date(2024, 11, 7), **args)
    assert execution.applied_on == dt.date(2024, 11, 7) and execution.granted_by == sm.approver


def test_late_fee_is_three_percent_a_day_capped_at_the_fine_and_collected(sm, demo):
    # given a single payment of 20,000 元 due on 21 Nov 2024 (15 days after delivery on 6 Nov)
    case = delivered_case(sm)
    execution = svc.execution_grant(user=sm.approver, case=case, expected_version=case.lock_version, kind="full",
                                    granted_on=dt.date(2024, 11, 7))
    inst = execution.instalments.get()
    assert inst.due_on == dt.date(2024, 11, 21)
    # then 10 days late the 加处罚款 is 20,000 × 3% × 10 = 6,000 元; after 34 days it is capped at 20,000 元
    assert inst.late_fee_on(dt.date(2024, 11, 21)) == 0
    assert inst.late_fee_on(dt.date(2024, 12, 1)) == 6000
    assert inst.late_fee_on(dt.date(2024, 12, 25)) == 20000 and execution.late_fee(dt.date(2025, 6, 1)) == 20000
    # the case page shows it
    page = demo.client("sm_officer1").get(reverse("cases:case", args=[case.pk])).content.decode()
    assert 'id="late-fee"' in page and "第七十二条" in page
    # paying only the fine ten days late is refused with the amount due
    before = execution_rows()
    with pytest.raises(ValidationError, match="实缴金额须为26000元.*逾期10日加处罚款6000元"):
        svc.instalment_pay(user=sm.officer, instalment=inst, expected_version=inst.lock_version,
                           paid_on=dt.date(2024, 12, 1), paid_amount=20000)
    assert execution_rows() == before
    svc.instalment_pay(user=sm.officer, instalment=inst, expected_version=inst.lock_version,
                       paid_on=dt.date(2024, 12, 1), paid_amount=26000, receipt_no="R1")
    inst = reload(inst)
    assert inst.late_fee == 6000 and reload(execution).status == Execution.Status.COMPLETED
    assert reload(execution).late_fee(dt.date(2025, 6, 1)) == 6000  # collected, no longer growing

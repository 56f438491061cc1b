"""The 报表报送 status machine: 已报送 → 已更正 when a correction for the same period is submitted; the
status is protected, and a correction refused to who may not submit changes neither submission."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rouxing.reports import services
from rouxing.reports.models import ReportSubmission


def _rows(org) -> list[tuple]:
    return list(ReportSubmission.objects.filter(org=org).order_by("revision")
                .values_list("revision", "status", "sha256", "updated_at"))


def test_status_cannot_be_assigned_directly(demo, known, period_2025):
    sub = services.report_submit(user=demo.user("sm_approver"), org=demo.org("SM-YJJ"), period=period_2025,
                                 rollup=False, contact_phone="1")
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        sub.status = ReportSubmission.Status.CORRECTED
    assert ReportSubmission.objects.get(pk=sub.pk).status == "submitted"


def test_a_correction_marks_the_earlier_submission_corrected_and_keeps_its_figures(demo, known, period_2025):
    org, user = demo.org("SM-YJJ"), demo.user("sm_approver")
    first = services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1")
    second = services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1",
                                    correction_reason="补录9月记录")
    first_now = ReportSubmission.objects.get(pk=first.pk)
    assert (first_now.status, second.status) == ("corrected", "submitted")
    assert first_now.snapshot == first.snapshot and first_now.sha256 == first.sha256
    assert services.submission_verify(submission=first_now)
    # the other scope of the same period (roll-up) is a separate report and stays submitted
    rollup = services.report_submit(user=user, org=org, period=period_2025, rollup=True, contact_phone="1")
    assert ReportSubmission.objects.get(pk=rollup.pk).status == "submitted"
    assert ReportSubmission.objects.get(pk=second.pk).status == "submitted"


@pytest.mark.parametrize("username, message", [
    ("sm_officer1", "您的角色无权执行此操作。"),
    ("mx_approver", "您没有修改该机关数据的权限。"),
    ("sm_supervisor", "您没有修改该机关数据的权限。"),
])
def test_correction_refused_to_who_may_not_submit_changes_nothing(demo, known, period_2025, username, message):
    org = demo.org("SM-YJJ")
    first = services.report_submit(user=demo.user("sm_approver"), org=org, period=period_2025, rollup=False,
                                   contact_phone="1")
    before = _rows(org)
    user = demo.user(username)
    assert list(first.get_available_user_status_transitions(user)) == []
    with pytest.raises(PermissionDenied, match=message):
        services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1",
                               correction_reason="补录")
    assert _rows(org) == before


def test_correction_without_reason_is_refused_and_the_first_stays_submitted(demo, known, period_2025):
    org, user = demo.org("SM-YJJ"), demo.user("sm_approver")
    services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1")
    before = _rows(org)
    with pytest.raises(ValidationError, match="更正理由"):
        services.report_submit(user=user, org=org, period=period_2025, rollup=False, contact_phone="1")
    assert _rows(org) == before and before[0][1] == "submitted"

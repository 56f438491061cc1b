"""The 信用管理事项 status machine: protected status, approve/refuse refused to all but the bureau's 负责人
(Chinese message, nothing changed), and the decision form's choices taken from the open transitions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from rouxing.parties import credit
from rouxing.parties.models import CreditAction, CreditRecord

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def action(demo):
    party = demo.party("SM-YJJ", kind="enterprise")
    return credit.credit_action_propose(actor=demo.user("sm_officer1"), party=party, kind="deferred",
                                        reason="首次违法，危害后果轻微，已在责令期限内改正", applied_on=D(2025, 3, 1),
                                        period_end=D(2025, 9, 1))


def _row(action: CreditAction) -> dict:
    return CreditAction.objects.filter(pk=action.pk).values(
        "status", "decided_by", "decided_on", "decision_reason", "result_record", "lock_version").get()


def test_status_cannot_be_assigned_directly(action):
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        action.status = CreditAction.Status.APPROVED
    assert _row(action)["status"] == "proposed"


@pytest.mark.parametrize("approve", [True, False], ids=["approve", "refuse"])
@pytest.mark.parametrize("username, message", [
    ("sm_officer1", "您的角色无权执行此操作。"),
    ("sm_reviewer", "您的角色无权执行此操作。"),
    ("sm_supervisor", "您没有修改该机关数据的权限。"),
    ("mx_approver", "您没有修改该机关数据的权限。"),
])
def test_decision_refused_to_all_but_the_bureaus_approver_changes_nothing(demo, action, approve, username, message):
    before, records = _row(action), CreditRecord.objects.filter(party=action.party).count()
    user = demo.user(username)
    assert list(action.get_available_user_status_transitions(user)) == []
    with pytest.raises(PermissionDenied, match=message):
        credit.credit_action_decide(actor=user, action=action, approve=approve, reason="同意", decided_on=D(2025, 3, 5),
                                    expected_version=action.lock_version)
    assert _row(action) == before
    assert CreditRecord.objects.filter(party=action.party).count() == records


def test_approver_may_approve_or_refuse_until_decided(demo, action):
    approver = demo.user("sm_approver")
    assert [t.name for t in action.get_available_user_status_transitions(approver)] == ["approve", "refuse"]
    done = credit.credit_action_decide(actor=approver, action=action, approve=False, reason="证据不足",
                                       decided_on=D(2025, 3, 5), expected_version=action.lock_version)
    assert done.status == "refused" and done.decided_by == approver and done.result_record is None
    assert list(done.get_available_user_status_transitions(approver)) == []


def test_decision_form_choices_are_the_transitions(demo, action):
    page = demo.client("sm_approver").get(f"/parties/credit/actions/{action.pk}/").content.decode()
    assert "负责人审批" in page and 'value="approve"' in page and 'value="refuse"' in page
    assert "不予批准" in page
    officer_page = demo.client("sm_officer1").get(f"/parties/credit/actions/{action.pk}/").content.decode()
    assert "负责人审批" not in officer_page and 'value="approve"' not in officer_page

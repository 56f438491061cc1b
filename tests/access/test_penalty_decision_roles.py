"""Who may issue a penalty decision (作出行政处罚决定, 行政处罚法 art. 57): the 负责人 (approver) and the
officer of the case's bureau, never the 法制审核员 who reviewed it (审核与决定分离, art. 58), nor any
other role or bureau. Each refusal raises PermissionDenied with its Chinese message and changes no row.

This kills the mutation "the legal reviewer may issue penalty decisions" (the role set of
`decision_issue` dropped, or the reviewer added to it): see docs/testing.md, "Mutation check".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from rouxing.cases import services as svc
from tests.factories import CaseFactory, OrgFactory, bureau_staff

from .rows import row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau():
    org = OrgFactory()
    return org, bureau_staff(org)


def approved_case(org, staff):
    """A notified case, legally reviewed (approved) and approved by the 负责人: ready for its decision."""
    case = CaseFactory(org=org, status="notified", registered_by=staff["officer"])
    review = svc.legal_review_submit(user=staff["officer"], case=case, expected_version=case.lock_version,
                                     submitted_on=dt.date(2024, 10, 21))
    svc.legal_review_decide(user=staff["reviewer"], review=review, result="approved", opinions="同意")
    case.refresh_from_db()
    svc.case_approve(user=staff["approver"], case=case, expected_version=case.lock_version)
    case.refresh_from_db()
    assert case.status == "approved"
    return case


def issue(user, case):
    return svc.decision_issue(user=user, case=case, expected_version=case.lock_version, outcome="standard",
                              fine_amount=20000, reasoning="逾期未改正", decided_on=dt.date(2024, 11, 5))


def test_the_legal_reviewer_may_not_issue_the_penalty_decision(bureau):
    # given a case the reviewer approved in legal review and the 负责人 approved
    org, staff = bureau
    case = approved_case(org, staff)
    before = row_counts()
    # when the 法制审核员 tries to issue the decision
    with pytest.raises(PermissionDenied) as refused:
        issue(staff["reviewer"], case)
    # then the role rule is named and nothing changed
    assert str(refused.value) == "您的角色无权执行此操作。"
    assert row_counts() == before
    case.refresh_from_db()
    assert case.status == "approved"


@pytest.mark.parametrize("role", ["list_admin", "supervisor", "sysadmin", "secadmin", "auditadmin"])
def test_no_other_role_may_issue_the_penalty_decision(bureau, role):
    org, staff = bureau
    case = approved_case(org, staff)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        issue(staff[role], case)
    assert row_counts() == before


def test_the_approver_of_another_bureau_may_not_issue_it(bureau):
    org, staff = bureau
    case = approved_case(org, staff)
    other = bureau_staff(OrgFactory())
    before = row_counts()
    with pytest.raises(PermissionDenied) as refused:
        issue(other["approver"], case)
    assert str(refused.value) == "您没有修改该机关数据的权限。"
    assert row_counts() == before


def test_the_approver_issues_it(bureau):
    # the positive control: the same call by the 负责人 stores the decision and moves the case
    org, staff = bureau
    case = approved_case(org, staff)
    decision = issue(staff["approver"], case)
    case.refresh_from_db()
    assert decision.pk and decision.decided_by == staff["approver"] and decision.fine_amount == 20000
    assert case.status == "decided"

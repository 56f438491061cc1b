"""InspectionPlan's status is a protected FSM field: only its transitions change it, each with its
permission, and the service refuses a transition the state does not allow (message, nothing changed)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import has_transition_perm

from rouxing.core.models import AuditEvent
from rouxing.plans import services
from rouxing.plans.models import InspectionPlan, RandomDraw

pytestmark = pytest.mark.django_db


def _plan(demo) -> InspectionPlan:
    return services.inspection_plan_save(user=demo.user("sm_officer1"), org=demo.org("SM-YJJ"), year=2025,
                                         title="2025年度计划", monthly_targets=[1] * 12)


def test_the_tables_keep_their_reports_names():
    assert InspectionPlan._meta.db_table == "reports_inspectionplan"
    assert RandomDraw._meta.db_table == "reports_randomdraw"


def test_status_cannot_be_assigned_directly(demo):
    plan = _plan(demo)
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        plan.status = InspectionPlan.Status.APPROVED


def test_only_the_bureaus_approver_may_approve_a_draft(demo):
    plan = _plan(demo)
    assert has_transition_perm(plan.approve, demo.user("sm_approver"))
    assert not has_transition_perm(plan.approve, demo.user("sm_officer1"))
    assert not has_transition_perm(plan.approve, demo.user("mx_approver"))  # another bureau
    with pytest.raises(PermissionDenied):
        services.inspection_plan_approve(user=demo.user("sm_officer1"), plan=plan)
    assert InspectionPlan.objects.get(pk=plan.pk).status == InspectionPlan.Status.DRAFT


def test_an_approved_plan_is_not_approved_again_and_nothing_changes(demo):
    plan = services.inspection_plan_approve(user=demo.user("sm_approver"), plan=_plan(demo))
    stored = InspectionPlan.objects.get(pk=plan.pk)
    assert stored.status == InspectionPlan.Status.APPROVED and stored.approved_at is not None
    assert not has_transition_perm(stored.approve, demo.user("sm_approver"))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="只有草稿可以批准"):
        services.inspection_plan_approve(user=demo.user("sm_approver"), plan=stored)
    again = InspectionPlan.objects.get(pk=plan.pk)
    assert (again.approved_at, again.lock_version, again.status) == (stored.approved_at, stored.lock_version,
                                                                     InspectionPlan.Status.APPROVED)
    assert AuditEvent.objects.count() == events


def test_changing_an_approved_plan_makes_it_a_draft_again(demo):
    plan = services.inspection_plan_approve(user=demo.user("sm_approver"), plan=_plan(demo))
    services.inspection_plan_save(user=demo.user("sm_officer1"), org=plan.org, year=2025, title="2025年度计划",
                                  monthly_targets=[2] * 12, note="上级部署专项检查，调整每月计划数")
    stored = InspectionPlan.objects.get(pk=plan.pk)
    assert stored.status == InspectionPlan.Status.DRAFT and stored.approved_at is None


def test_the_approve_page_shows_the_refusal_instead_of_failing(demo):
    from django.urls import reverse

    plan = services.inspection_plan_approve(user=demo.user("sm_approver"), plan=_plan(demo))
    client = demo.client("sm_approver")
    response = client.post(reverse("plans:plan_approve", args=[plan.pk]), follow=True)
    assert response.status_code == 200
    assert "只有草稿可以批准" in response.content.decode()

"""The bureau hierarchy page and the audit administrator's read-only audit log."""

from __future__ import annotations

import pytest

from rouxing.core.audit import audit_record
from rouxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_hierarchy_lists_bureaus_departments_and_justice_bureaus(demo):
    response = demo.client("mx_officer1").get("/orgs/")
    text = response.text
    assert response.status_code == 200
    assert "明溪县应急管理局" in text and "安全生产执法大队" in text and "明溪县司法局" in text


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "sm_officer1", "sm_supervisor"])
def test_audit_log_is_refused_to_everyone_but_the_audit_admin(demo, username):
    assert demo.client(username).get("/orgs/audit/").status_code == 403


def test_audit_admin_filters_the_log_by_event_and_result(demo):
    audit_record(event="test.marker_ok", actor=demo.user("sm_officer1"))
    audit_record(event="test.marker_bad", actor=demo.user("sm_officer1"), result="failure")
    response = demo.client("auditadmin").get("/orgs/audit/", {"event": "test.marker", "result": "failure"})
    assert response.status_code == 200
    assert "test.marker_bad" in response.text
    assert "test.marker_ok" not in response.text


def test_audit_admin_can_verify_the_chain_from_the_page(demo):
    response = demo.client("auditadmin").get("/orgs/audit/", {"verify": "1"})
    assert "哈希链校验通过" in response.text


def test_viewing_the_audit_log_is_itself_audited(demo):
    demo.client("auditadmin").get("/orgs/audit/")
    assert AuditEvent.objects.filter(event="audit.view", actor_name="auditadmin").exists()

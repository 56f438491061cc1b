"""The 执法文书 status machine: protected status, each transition's permission, and the buttons it drives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from rouxing.core.models import AuditEvent
from rouxing.documents import services
from rouxing.documents.models import Document, VoidedNumber

from .conftest import CASE_VALUES, draft_from_case


def _issued(demo_case):
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    return services.document_issue(user=demo_case.officer, document=draft, issue_date=dt.date(2024, 5, 10),
                                   convert_pdf=False)


def _row(doc: Document) -> dict:
    return Document.objects.filter(pk=doc.pk).values(
        "status", "number", "seq", "issued_by", "voided_by", "void_reason", "lock_version").get()


def test_status_cannot_be_assigned_directly(demo_case):
    doc = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        doc.status = Document.Status.ISSUED
    assert _row(doc)["status"] == "draft"


def test_refresh_from_db_reloads_a_protected_status(demo_case):
    doc = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    stale = Document.objects.get(pk=doc.pk)
    services.document_issue(user=demo_case.officer, document=doc, issue_date=dt.date(2024, 5, 10),
                            convert_pdf=False)
    stale.refresh_from_db()
    assert stale.status == "issued" and stale.number


@pytest.mark.parametrize("username, message", [
    ("sm_supervisor", "您没有修改该机关数据的权限。"),
    ("mx_officer1", "您没有修改该机关数据的权限。"),
    ("sm_listadmin", "您的角色无权执行此操作。"),
])
def test_issue_refused_to_who_may_not_issue_changes_nothing(demo_case, demo, username, message):
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    before = _row(draft)
    user = demo.user(username)
    assert "issue" not in {t.name for t in draft.get_available_user_status_transitions(user)}
    with pytest.raises(PermissionDenied, match=message):
        services.document_issue(user=user, document=draft, issue_date=dt.date(2024, 5, 10), convert_pdf=False)
    assert _row(draft) == before
    assert not AuditEvent.objects.filter(event="documents.issue", object_id=str(draft.pk)).exists()


@pytest.mark.parametrize("username, message", [
    ("sm_officer1", "您的角色无权执行此操作。"),
    ("sm_supervisor", "您没有修改该机关数据的权限。"),
    ("mx_approver", "您没有修改该机关数据的权限。"),
])
def test_void_refused_to_who_may_not_void_changes_nothing(demo_case, demo, username, message):
    doc = _issued(demo_case)
    before = _row(doc)
    user = demo.user(username)
    assert "void" not in {t.name for t in doc.get_available_user_status_transitions(user)}
    with pytest.raises(PermissionDenied, match=message):
        services.document_void(user=user, document=doc, reason="送达对象有误")
    assert _row(doc) == before
    assert not VoidedNumber.objects.filter(document=doc).exists()


def test_transitions_open_to_each_role_follow_the_state(demo_case, demo):
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])

    def names(doc, username):
        return sorted(t.name for t in doc.get_available_user_status_transitions(demo.user(username)))

    assert names(draft, "sm_officer1") == ["issue"]
    assert names(draft, "sm_reviewer") == ["issue"]
    doc = _issued(demo_case)
    assert names(doc, "sm_officer1") == []
    assert names(doc, "sm_reviewer") == ["void"]
    voided = services.document_void(user=demo.user("sm_approver"), document=doc, reason="送达对象有误")
    assert voided.status == "voided" and names(voided, "sm_approver") == []


def test_detail_page_buttons_come_from_the_transitions(demo_case, demo):
    draft = draft_from_case(demo_case, "warning", CASE_VALUES["warning"])
    officer_page = demo.client("sm_officer1").get(f"/documents/{draft.pk}/").content.decode()
    assert "签发并编号</button>" in officer_page and "作废本文书</button>" not in officer_page
    supervisor_page = demo.client("sm_supervisor").get(f"/documents/{draft.pk}/").content.decode()
    assert "签发并编号</button>" not in supervisor_page
    doc = _issued(demo_case)
    reviewer_page = demo.client("sm_reviewer").get(f"/documents/{doc.pk}/").content.decode()
    assert "作废本文书</button>" in reviewer_page and "签发并编号</button>" not in reviewer_page
    assert "作废本文书</button>" not in demo.client("sm_officer1").get(f"/documents/{doc.pk}/").content.decode()

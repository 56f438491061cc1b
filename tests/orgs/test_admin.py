"""Role-separated administration (三员分立), no mass assignment, server-side session ending."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from rouxing.core.models import AuditEvent
from rouxing.orgs.models import User

pytestmark = pytest.mark.django_db


def _real_session(demo, username) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": "Demo-Pass-2024"})
    assert "_auth_user_id" in client.session
    return client


@pytest.mark.parametrize("username, status", [("sysadmin", 200), ("secadmin", 403), ("auditadmin", 403)])
def test_only_sysadmin_manages_users(demo, username, status):
    officer = demo.user("mx_officer1")
    response = demo.client(username).get(f"/admin/orgs/user/{officer.pk}/change/")
    assert response.status_code == status


@pytest.mark.parametrize("username, status", [("secadmin", 200), ("sysadmin", 403), ("auditadmin", 403)])
def test_only_secadmin_manages_lockouts(demo, username, status):
    assert demo.client(username).get("/admin/axes/accessattempt/").status_code == status
    assert demo.client(username).get("/admin/orgs/accountsecurity/").status_code == status


def test_admin_has_no_separate_login_page(demo):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _user_form(user, **overrides):
    data = {"username": user.username, "full_name": user.full_name, "badge_no": user.badge_no, "phone": "",
            "email": "", "org": user.org_id, "department": "", "role": user.role, "is_active": "on"}
    data.update(overrides)
    return data


def test_user_form_ignores_privilege_fields_it_does_not_list(demo):
    officer = demo.user("mx_officer2")
    demo.client("sysadmin").post(f"/admin/orgs/user/{officer.pk}/change/",
                                 _user_form(officer, is_superuser="on", is_staff="on"))
    officer.refresh_from_db()
    assert not officer.is_superuser and not officer.is_staff


def test_sysadmin_cannot_change_a_role_and_secadmin_grants_it_audited(demo):
    officer = demo.user("mx_officer2")
    demo.client("sysadmin").post(f"/admin/orgs/user/{officer.pk}/change/", _user_form(officer, role="reviewer"))
    officer.refresh_from_db()
    assert officer.role == "officer"
    response = demo.client("secadmin").post(f"/admin/orgs/accountsecurity/{officer.pk}/grant-role/",
                                            {"role": "reviewer"})
    officer.refresh_from_db()
    assert response.status_code == 302 and officer.role == "reviewer"
    assert AuditEvent.objects.filter(event="user.permission_change", object_id=str(officer.pk)).exists()


def test_secadmin_cannot_grant_a_role_to_himself(demo):
    secadmin = demo.user("secadmin")
    response = demo.client("secadmin").post(f"/admin/orgs/accountsecurity/{secadmin.pk}/grant-role/",
                                            {"role": "sysadmin"})
    secadmin.refresh_from_db()
    assert response.status_code == 403 and "不得为本人授予" in response.text
    assert secadmin.role == "secadmin"


def test_sysadmin_cannot_set_another_users_password(demo):
    officer = demo.user("mx_officer2")
    before = officer.password
    response = demo.client("sysadmin").post(f"/admin/orgs/user/{officer.pk}/password/",
                                            {"password1": "Xx-12345678", "password2": "Xx-12345678"})
    officer.refresh_from_db()
    assert response.status_code == 403 and "系统管理员不得设置他人密码" in response.text
    assert officer.password == before


def test_secadmin_password_reset_forces_change_and_is_audited(demo):
    officer = demo.user("mx_officer2")
    response = demo.client("secadmin").post(f"/admin/orgs/accountsecurity/{officer.pk}/reset-password/")
    officer.refresh_from_db()
    assert response.status_code == 200 and "临时密码" in response.text and officer.must_change_password
    assert AuditEvent.objects.filter(event="user.password_reset", object_id=str(officer.pk)).exists()


def test_disabling_an_account_ends_its_sessions(demo):
    officer_client = _real_session(demo, "mx_officer2")
    officer = demo.user("mx_officer2")
    key = officer_client.session.session_key
    demo.client("sysadmin").post(f"/admin/orgs/user/{officer.pk}/change/", _user_form(officer, is_active=""))
    assert not Session.objects.filter(session_key=key).exists()
    assert officer_client.get("/parties/").status_code == 302


def test_secadmin_ends_a_users_sessions(demo):
    officer_client = _real_session(demo, "mx_officer1")
    officer = demo.user("mx_officer1")
    response = demo.client("secadmin").post("/admin/orgs/accountsecurity/", {
        "action": "end_user_sessions", "_selected_action": [officer.pk]})
    assert response.status_code == 302
    assert officer_client.get("/parties/").status_code == 302
    assert AuditEvent.objects.filter(event="user.sessions_end", object_id=str(officer.pk)).exists()
    assert User.objects.get(pk=officer.pk).is_active


def test_secadmin_unlocks_a_locked_account(demo):
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "mx_officer1", "password": "bad-password"})
    officer = demo.user("mx_officer1")
    demo.client("secadmin").post("/admin/orgs/accountsecurity/", {
        "action": "unlock_accounts", "_selected_action": [officer.pk]})
    client = _real_session(demo, "mx_officer1")
    assert client.get("/parties/").status_code == 200


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "auditadmin"])
def test_every_admin_page_opens_or_refuses_without_error(demo, username):
    from django.contrib import admin

    client = demo.client(username)
    assert client.get("/admin/").status_code == 200
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for url in (base, base + "add/"):
            assert client.get(url).status_code in (200, 302, 403), url


def test_secadmin_cannot_issue_an_api_token_for_another_user(demo):
    from rouxing.api.models import ApiToken

    officer = demo.user("sm_officer1")
    before = ApiToken.objects.count()
    response = demo.client("secadmin").post("/admin/api/apitoken/add/", {"user": officer.pk, "name": "对接测试"})
    assert response.status_code == 403
    assert ApiToken.objects.count() == before


def test_sysadmin_creates_a_user_with_a_policy_compliant_password(demo):
    client = demo.client("sysadmin")
    data = {"username": "mx_new_officer", "full_name": "新执法员", "org": demo.org("MX-YJJ").pk, "department": "",
            "role": "officer", "badge_no": "35042121009", "phone": "", "usable_password": "true"}
    weak = client.post("/admin/orgs/user/add/", {**data, "password1": "password", "password2": "password"})
    assert not User.objects.filter(username="mx_new_officer").exists()
    assert weak.status_code == 200
    client.post("/admin/orgs/user/add/", {**data, "password1": "Xin-Mima-2025!", "password2": "Xin-Mima-2025!"})
    user = User.objects.get(username="mx_new_officer")
    assert user.org.code == "MX-YJJ" and user.role == "officer" and not user.is_staff
    assert AuditEvent.objects.filter(event="user.create", object_id=str(user.pk)).exists()

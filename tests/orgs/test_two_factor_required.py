"""Two factors required for the administrator roles and for /admin/ (orgs.twofactor); enrolment needs the
password again (orgs.auth_views.reauth_gate)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rouxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Demo-Pass-2024"


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_login(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client


@pytest.mark.parametrize(("username", "path"), [
    ("sysadmin", "/admin/"), ("secadmin", "/admin/orgs/user/"), ("auditadmin", "/orgs/audit/"), ("sysadmin", "/"),
])
def test_admin_role_without_device_is_sent_to_enrolment_and_gets_no_page(demo, username, path):
    # given an administrator logged in with his password only (no TOTP device)
    client = _password_login(username)
    # when he opens an administrator page (or any page)
    response = client.get(path, follow=True)
    # then he lands on the enrolment page (re-authentication first), not on the page he asked for
    assert response.redirect_chain[0] == ("/accounts/otp/?required=1", 302)
    assert "要求双因素认证" in response.text and "再次验证身份" in response.text
    assert not TOTPDevice.objects.filter(user__username=username, confirmed=True).exists()


def test_enrolment_without_reentering_the_password_confirms_nothing(demo):
    # given an administrator with a pending (unconfirmed) device and a session cookie only
    client = _password_login("secadmin")
    device = TOTPDevice.objects.create(user=demo.user("secadmin"), name="默认设备", confirmed=False)
    # when the right code is posted without re-entering the password
    response = client.post("/accounts/otp/", {"action": "confirm", "token": _code(device)})
    # then the password is asked for and the device stays unconfirmed
    assert "再次验证身份" in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert not AuditEvent.objects.filter(event="auth.otp_enabled", actor_name="secadmin").exists()
    # and a wrong password does not open enrolment either
    response = client.post("/accounts/otp/", {"action": "reauth", "password": "not-the-password"})
    assert "密码不正确" in response.text
    assert client.get("/admin/").status_code == 302


def test_enrolment_with_password_and_code_opens_the_admin(demo):
    client = _password_login("sysadmin")
    assert client.get("/admin/").status_code == 302
    # when he re-enters the password, scans and confirms the code
    client.post("/accounts/otp/", {"action": "reauth", "password": PASSWORD})
    assert 'src="data:image/svg+xml;base64,' in client.get("/accounts/otp/").text
    device = TOTPDevice.objects.get(user__username="sysadmin", confirmed=False)
    client.post("/accounts/otp/", {"action": "confirm", "token": _code(device)})
    # then the device is confirmed, the session verified and /admin/ opens
    device.refresh_from_db()
    assert device.confirmed
    response = client.get("/admin/")
    assert response.status_code == 200 and "系统管理" in response.text
    assert AuditEvent.objects.filter(event="auth.otp_enabled", actor_name="sysadmin").exists()


def test_admin_with_device_but_unverified_session_is_logged_out(demo):
    # given an administrator with a confirmed device whose session was never verified with a code
    user = demo.user("auditadmin")
    TOTPDevice.objects.create(user=user, name="默认设备", confirmed=True)
    client = Client()
    client.force_login(user)
    # when he opens the audit log
    response = client.get("/orgs/audit/")
    # then he is logged out and sent to log in with his code
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="auth.otp_session_unverified", actor_name="auditadmin").exists()


def test_admin_role_cannot_disable_two_factors(demo):
    client = demo.client("secadmin")  # verified with a confirmed device (tests/conftest.py)
    device = TOTPDevice.objects.get(user__username="secadmin", confirmed=True)
    response = client.post("/accounts/otp/", {"action": "disable", "token": _code(device)})
    assert response.status_code == 403
    assert "必须使用双因素认证，不能停用" in response.text
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert AuditEvent.objects.filter(event="auth.otp_disable_refused", actor_name="secadmin").exists()


def test_officer_without_device_keeps_working_and_cannot_open_admin(demo):
    client = _password_login("sm_officer1")
    assert client.get("/").status_code == 200
    # /admin/ needs two factors whatever the role
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/?required=1"


def test_more_roles_can_be_required_in_settings(demo, settings):
    settings.ROUXING_2FA_REQUIRED_ROLES = ["sysadmin", "secadmin", "auditadmin", "approver", "reviewer"]
    client = _password_login("sm_approver")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/?required=1"

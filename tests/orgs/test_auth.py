"""Login, lockout, logout, two-factor (TOTP), password expiry and session limits, with their audit."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from rouxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Demo-Pass-2024"


def _login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _code(device, offset=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_login_page_is_chinese():
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "登录柔性执法平台" in response.text and "用户名" in response.text


def test_successful_login_is_audited(demo):
    response = _login(Client(), "jl_officer1")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event="auth.login", actor_name="jl_officer1").exists()


def test_failed_login_is_audited_with_source_address(demo):
    response = _login(Client(), "jl_officer1", "wrong-password")
    event = AuditEvent.objects.filter(event="auth.login_failed", object_id="jl_officer1").last()
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.text
    assert event is not None and event.result == "failure" and event.source_ip == "127.0.0.1"


def test_five_failures_lock_the_account_even_for_the_right_password(demo):
    client = Client()
    for _ in range(5):
        _login(client, "jl_officer2", "wrong-password")
    response = _login(client, "jl_officer2")
    assert "账号已临时锁定" in response.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="auth.lockout", object_id="jl_officer2").exists()


def test_logout_ends_the_session_server_side_and_is_audited(demo):
    client = Client()
    _login(client, "jl_officer1")
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(event="auth.logout", actor_name="jl_officer1").exists()


def test_login_creates_a_new_session_key(demo):
    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "anonymous-fixed-session"
    _login(client, "jl_officer1")
    assert client.session.session_key != "anonymous-fixed-session"


def test_otp_setup_shows_inline_qr_and_confirms_device(demo):
    # given an officer on the two-factor setup page
    client = demo.client("cj_officer1")
    # re-authentication comes first
    assert "再次验证身份" in client.get("/accounts/otp/").text
    assert not TOTPDevice.objects.filter(user__username="cj_officer1").exists()
    client.post("/accounts/otp/", {"action": "reauth", "password": "Demo-Pass-2024"})
    page = client.get("/accounts/otp/")
    device = TOTPDevice.objects.get(user__username="cj_officer1", confirmed=False)
    # then the QR code is an inline data URI (no external service)
    assert 'src="data:image/svg+xml;base64,' in page.text
    # when the current code is entered
    client.post("/accounts/otp/", {"action": "confirm", "token": _code(device)})
    # then the device is confirmed and the change audited
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(event="auth.otp_enabled", actor_name="cj_officer1").exists()


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="默认设备", confirmed=True)


def test_login_with_device_asks_for_code_before_logging_in(demo):
    _confirmed_device(demo.user("cj_officer2"))
    client = Client()
    response = _login(client, "cj_officer2")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/otp/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_wrong_code_is_refused_and_audited(demo):
    device = _confirmed_device(demo.user("cj_officer2"))
    client = Client()
    _login(client, "cj_officer2")
    wrong = f"{(int(_code(device)) + 1) % 1000000:06d}"
    response = client.post("/accounts/login/otp/", {"token": wrong})
    assert "动态验证码不正确" in response.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="auth.otp_failed", actor_name="cj_officer2").exists()


def test_right_code_logs_in_once_and_cannot_be_reused(demo):
    device = _confirmed_device(demo.user("cj_officer2"))
    code = _code(device)
    first = Client()
    _login(first, "cj_officer2")
    response = first.post("/accounts/login/otp/", {"token": code})
    assert response.status_code == 302
    assert first.get("/").status_code == 200
    second = Client()
    _login(second, "cj_officer2")
    replay = second.post("/accounts/login/otp/", {"token": code})
    assert "动态验证码不正确" in replay.text
    assert "_auth_user_id" not in second.session


def test_repeated_wrong_codes_are_throttled(demo):
    device = _confirmed_device(demo.user("cj_officer2"))
    client = Client()
    _login(client, "cj_officer2")
    wrong = f"{(int(_code(device)) + 7) % 1000000:06d}"
    for _ in range(3):
        client.post("/accounts/login/otp/", {"token": wrong})
    response = client.post("/accounts/login/otp/", {"token": _code(device)})
    assert "_auth_user_id" not in client.session
    assert "次数过多" in response.text or "不正确" in response.text


def test_expired_password_forces_the_change_page(demo):
    user = demo.user("jl_officer1")
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client = demo.client("jl_officer1")
    response = client.get("/parties/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/password/")
    assert "已超过有效期" in client.get(response["Location"]).text


def test_changing_the_password_lifts_the_block_and_is_audited(demo):
    user = demo.user("jl_officer1")
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client = demo.client("jl_officer1")
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Neu-Passwort-2025!",
                                        "new_password2": "Neu-Passwort-2025!"})
    assert client.get("/parties/").status_code == 200
    assert AuditEvent.objects.filter(event="auth.password_change", actor_name="jl_officer1").exists()


def test_dengbao_profile_requires_three_character_classes(demo):
    client = demo.client("jl_officer1")
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "onlylowercaseletters",
                                                    "new_password2": "onlylowercaseletters"})
    assert "至少三类" in response.text


def test_asvs_profile_drops_composition_and_rotation(demo, settings):
    settings.PASSWORD_PROFILE = "asvs"
    user = demo.user("jl_officer1")
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=400))
    client = demo.client("jl_officer1")
    assert client.get("/parties/").status_code == 200
    response = client.post("/accounts/password/", {"old_password": PASSWORD,
                                                   "new_password1": "a long passphrase of plain words",
                                                   "new_password2": "a long passphrase of plain words"})
    assert response.status_code == 302


def test_idle_session_is_ended(demo, settings):
    client = demo.client("jl_officer1")
    session = client.session
    session["_last_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/parties/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert client.get("/parties/").status_code == 302


def test_absolute_session_limit_ends_an_active_session(demo, settings):
    client = demo.client("jl_officer1")
    session = client.session
    session["_login_at"] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session["_last_seen"] = int(time.time())
    session.save()
    response = client.get("/parties/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_active_session_within_limits_continues(demo):
    client = demo.client("jl_officer1")
    assert client.get("/parties/").status_code == 200


def test_asvs_profile_requires_twelve_characters(demo, settings):
    settings.PASSWORD_PROFILE = "asvs"
    response = demo.client("jl_officer1").post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "Sh0rt-Pass!", "new_password2": "Sh0rt-Pass!"})
    assert "密码至少12位" in response.text


def test_anonymous_redirect_keeps_the_query_string_encoded(demo):
    response = Client().get("/parties/", {"q": "宏达&x", "industry": "mining"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/parties/%3Fq%3D")
    assert "&x" not in response["Location"]

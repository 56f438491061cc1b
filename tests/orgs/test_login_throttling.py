"""Login throttling (orgs.throttle): per IP and per (account, IP), counted in the database; nobody can lock a
named account for every address; the 安全管理员 unlocks."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from rouxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Demo-Pass-2024"


def _post(client, username, password, ip):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_ten_failures_from_one_address_refuse_every_login_from_it(demo):
    # given an attacker at 10.9.9.9 spraying wrong passwords over several accounts (under the pair limit each)
    attacker = Client()
    for i in range(10):
        response = _post(attacker, f"sm_officer{1 + i % 3}", "wrong-password", "10.9.9.9")
    # then the tenth failure already answers with the per-address refusal
    assert response.status_code == 429
    assert "该网络地址登录失败次数过多" in response.text
    # and the right password of an untouched account is refused from that address, nobody logged in
    response = _post(attacker, "sm_approver", PASSWORD, "10.9.9.9")
    assert response.status_code == 429 and "该网络地址登录失败次数过多" in response.text
    assert "_auth_user_id" not in attacker.session
    assert AuditEvent.objects.filter(event="auth.ip_throttled", source_ip="10.9.9.9").exists()
    # while the same account logs in from another address
    other = Client()
    assert _post(other, "sm_approver", PASSWORD, "10.1.1.1").status_code == 302
    assert "_auth_user_id" in other.session


def test_nine_failures_from_one_address_still_allow_a_right_password(demo):
    client = Client()
    for i in range(9):
        assert _post(client, f"mx_officer{1 + i % 3}", "wrong-password", "10.8.8.8").status_code == 200
    assert _post(client, "mx_approver", PASSWORD, "10.8.8.8").status_code == 302


def test_a_stranger_cannot_lock_a_named_account_for_its_owner(demo):
    # given a stranger at 10.7.7.7 guessing cj_officer1's password five times
    stranger = Client()
    for _ in range(5):
        response = _post(stranger, "cj_officer1", "guess", "10.7.7.7")
    assert response.status_code == 429 and "该账号在此网络地址登录失败次数过多" in response.text
    # then the stranger is slowed down: even the right password is refused from his address
    assert _post(stranger, "cj_officer1", PASSWORD, "10.7.7.7").status_code == 429
    assert "_auth_user_id" not in stranger.session
    # but the owner logs in from his own address
    owner = Client()
    assert _post(owner, "cj_officer1", PASSWORD, "10.2.2.2").status_code == 302
    assert "_auth_user_id" in owner.session


def test_the_security_administrator_unlocks_an_account(demo):
    client = Client()
    for _ in range(5):
        _post(client, "cj_officer2", "guess", "10.6.6.6")
    assert AccessAttempt.objects.filter(username="cj_officer2", ip_address="10.6.6.6").exists()
    admin = demo.client("secadmin")
    user = demo.user("cj_officer2")
    response = admin.post("/admin/orgs/accountsecurity/", {"action": "unlock_accounts", "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="cj_officer2").exists()
    assert AuditEvent.objects.filter(event="user.unlock", object_id=str(user.pk)).exists()
    assert _post(client, "cj_officer2", PASSWORD, "10.6.6.6").status_code == 302

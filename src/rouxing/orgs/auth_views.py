"""Authentication: login (with TOTP second step), logout, password change, two-factor setup; all audited.

Security.md (Identity and sessions): a user with a confirmed TOTP device is logged in only after a
valid, single-use code (django-otp's TOTPDevice refuses a code twice and throttles failures). Every
login, failure, lockout (django-axes), logout, password change and two-factor change is audited.
"""

from __future__ import annotations

import base64
import time

import qrcode
import qrcode.image.svg
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rouxing.core.audit import audit_record

from .twofactor import confirmed_totp, two_factor_required

PENDING = "_otp_pending"
PENDING_SECONDS = 300
REAUTH = "_reauth_at"
REAUTH_SECONDS = 300
REAUTH_FAILURES = "_reauth_failures"
REAUTH_MAX_FAILURES = 5


def _safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure()):
        return value
    return settings.LOGIN_REDIRECT_URL


class RouxingLoginView(auth_views.LoginView):
    """登录: password first; a second step asks for the TOTP code when the account has one."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if confirmed_totp(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk, "backend": user.backend, "at": int(time.time()),
            "next": _safe_next(self.request, self.get_redirect_url()),
        }
        audit_record(event="auth.password_ok_otp_required", actor=user, obj=user, request=self.request)
        return redirect("login_otp")


class OtpTokenForm(forms.Form):
    token = forms.CharField(label="动态验证码", min_length=6, max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@require_http_methods(["GET", "POST"])
def login_otp(request):
    """Second login step: check the TOTP code of the pending user."""
    user, pending = _pending_user(request)
    if user is None:
        messages.warning(request, "请重新输入用户名和密码。")
        return redirect("login")
    device = confirmed_totp(user)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and device is not None:
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", "验证失败次数过多，请稍后再试。")
            audit_record(event="auth.otp_throttled", actor=user, obj=user, request=request, result="failure")
        elif device.verify_token(form.cleaned_data["token"].strip()):
            request.session.pop(PENDING, None)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)
        else:
            form.add_error("token", "动态验证码不正确或已使用。")
            audit_record(event="auth.otp_failed", actor=user, obj=user, request=request, result="failure")
    return render(request, "registration/login_otp.html", {"form": form})


class ReauthForm(forms.Form):
    password = forms.CharField(label="当前密码", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


def recently_reauthenticated(request) -> bool:
    return int(time.time()) - int(request.session.get(REAUTH, 0)) <= REAUTH_SECONDS


def reauth_gate(request, purpose: str):
    """再次验证身份: before enrolling a device or asking for a token, the password is asked again.

    Returns None when the user re-authenticated within REAUTH_SECONDS (or just did), else the
    response to show. Five wrong passwords end the session.
    """
    if recently_reauthenticated(request):
        return None
    form = ReauthForm(request.POST if request.POST.get("action") == "reauth" else None)
    if form.is_bound and form.is_valid():
        user = request.user
        if user.check_password(form.cleaned_data["password"]):
            request.session[REAUTH] = int(time.time())
            request.session.pop(REAUTH_FAILURES, None)
            audit_record(event="auth.reauth", actor=user, obj=user, request=request, detail={"purpose": purpose})
            return None
        failures = int(request.session.get(REAUTH_FAILURES, 0)) + 1
        request.session[REAUTH_FAILURES] = failures
        audit_record(event="auth.reauth_failed", actor=user, obj=user, request=request, result="failure",
                     detail={"purpose": purpose, "failures": failures})
        if failures >= REAUTH_MAX_FAILURES:
            logout(request)
            messages.error(request, "密码连续输入错误，已退出登录。")
            return redirect("login")
        form.add_error("password", "密码不正确。")
    return render(request, "registration/reauth.html", {"form": form, "purpose": purpose}, status=200)


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """双因素认证设置: show a QR code (generated here, no external service) and confirm with a code."""
    user = request.user
    device = confirmed_totp(user)
    form = OtpTokenForm(request.POST or None)
    action = request.POST.get("action", "confirm")
    if device is not None:
        if request.method == "POST" and action == "disable" and two_factor_required(user):
            audit_record(event="auth.otp_disable_refused", actor=user, obj=user, request=request, result="failure")
            messages.error(request, "您的角色必须使用双因素认证，不能停用；更换手机请联系安全管理员删除旧设备后重新绑定。")
            return render(request, "registration/otp_setup.html",
                          {"device": device, "form": form, "required": True}, status=403)
        if request.method == "POST" and action == "disable" and form.is_valid():
            if device.verify_token(form.cleaned_data["token"].strip()):
                TOTPDevice.objects.filter(user=user).delete()
                audit_record(event="auth.otp_disabled", actor=user, obj=user, request=request)
                messages.success(request, "已停用双因素认证。")
                return redirect("otp_setup")
            form.add_error("token", "动态验证码不正确。")
        return render(request, "registration/otp_setup.html",
                      {"device": device, "form": form, "required": two_factor_required(user)})
    gate = reauth_gate(request, "绑定双因素认证设备")
    if gate is not None:
        return gate
    if request.POST.get("action") == "reauth":
        return redirect("otp_setup")
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name="默认设备", confirmed=False)
    if request.method == "POST" and form.is_valid():
        if pending.verify_token(form.cleaned_data["token"].strip()):
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            otp_login(request, pending)
            audit_record(event="auth.otp_enabled", actor=user, obj=user, request=request)
            messages.success(request, "双因素认证已启用：今后登录需输入动态验证码。")
            return redirect("otp_setup")
        form.add_error("token", "动态验证码不正确，请确认手机时间准确后重试。")
    secret = base64.b32encode(pending.bin_key).decode()
    return render(request, "registration/otp_setup.html", {
        "device": None, "form": form, "qr": _qr_data_uri(pending.config_url), "secret": secret,
        "required": two_factor_required(user),
    })


class RouxingPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        user.password_changed_at = timezone.now()
        user.must_change_password = False
        user.save(update_fields=["password_changed_at", "must_change_password"])
        audit_record(event="auth.password_change", actor=user, obj=user, request=self.request)
        return response

    def get_success_url(self):
        return reverse("password_change_done")


# Authentication events are infrastructure, not domain behaviour: Django and axes expose them as signals.
@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["_login_at"] = int(time.time())
        request.session["_last_seen"] = int(time.time())
    audit_record(event="auth.login", actor=user, obj=user, request=request)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event="auth.logout", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        event="auth.login_failed", actor=str(credentials.get("username", ""))[:150], request=request,
        result="failure", object_type="orgs.User", object_id=str(credentials.get("username", ""))[:64],
    )


@receiver(user_locked_out)
def _audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_record(
        event="auth.lockout", actor=str(username or "")[:150], request=request, result="failure",
        object_type="orgs.User", object_id=str(username or "")[:64], detail={"ip": ip_address or ""},
    )

"""Two factors required (双因素认证强制): the three administrator roles and every `/admin/` page.

A user whose role is in ROUXING_2FA_REQUIRED_ROLES (default: 系统管理员, 安全管理员, 审计管理员), or who
opens `/admin/`, must be verified by django-otp in this session. Without a confirmed TOTP device he is sent
to the enrolment page (which asks for the password again, orgs.auth_views.reauth_gate) and can open
nothing else; with a device but an unverified session (a session older than the device) he is logged
out and logs in again with his code. Other roles can be added in settings (e.g. 负责人 and 法制审核员).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from rouxing.core.audit import audit_record

# Paths an unverified user may still open: enrolment, logout, password change (forced change first),
# static files, health checks, and the token-authenticated API (it never uses the session).
ALLOWED_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/accounts/password/", "/accounts/login/",
                    "/static/", "/healthz", "/readyz", "/api/", "/public/")


def required_roles() -> frozenset[str]:
    from .services import ADMIN_ROLES

    configured = getattr(settings, "ROUXING_2FA_REQUIRED_ROLES", None)
    return frozenset(configured) if configured is not None else frozenset(ADMIN_ROLES)


def two_factor_required(user) -> bool:
    """True when this user's role must log in with two factors (the admin roles always do)."""
    from .services import ADMIN_ROLES

    role = getattr(user, "role", "")
    return role in ADMIN_ROLES or role in required_roles()


def is_verified(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


class TwoFactorRequiredMiddleware:
    """Sits after django_otp.middleware.OTPMiddleware (which sets `request.user.is_verified`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not is_verified(user) and not request.path.startswith(ALLOWED_PREFIXES):
            if two_factor_required(user) or request.path.startswith("/admin/"):
                if confirmed_totp(user) is not None:
                    audit_record(event="auth.otp_session_unverified", actor=user, obj=user, request=request,
                                 result="failure", detail={"path": request.path[:200]})
                    logout(request)
                    messages.warning(request, "该页面要求双因素认证：请使用密码和动态验证码重新登录。")
                    return redirect(settings.LOGIN_URL)
                messages.warning(request, "您的角色（或系统管理页面）要求双因素认证：请先绑定动态验证码设备。")
                return redirect(reverse("otp_setup") + "?required=1")
        return self.get_response(request)


def confirmed_totp(user):
    """The user's confirmed TOTP device (动态口令), or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()

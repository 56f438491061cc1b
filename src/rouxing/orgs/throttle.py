"""Login throttling (登录失败处理): per source address, and per (account, address) — never per account alone.

django-axes counts failures in the database (so every web worker sees the same numbers):
- per (username, IP): AXES_FAILURE_LIMIT failures (default 5) lock that pair for AXES_COOLOFF_TIME
  (15 minutes). The same account can still log in from another address, so nobody can lock a named
  account by guessing its password; the 安全管理员 unlocks early (admin action 解除登录锁定, or deleting
  the 登录尝试 row).
- per IP: ROUXING_LOGIN_IP_FAILURE_LIMIT failures (default 10) within ROUXING_LOGIN_IP_WINDOW_SECONDS
  (15 minutes), counted from axes' AccessFailureLog rows, refuse every login from that address until the
  window has passed (password spraying over many accounts). Each such refusal is audited as
  `auth.ip_throttled`, which the audit log shows as a spraying alert.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessFailureLog
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from rouxing.core.audit import audit_record


def ip_limit() -> int:
    return int(getattr(settings, "ROUXING_LOGIN_IP_FAILURE_LIMIT", 10))


def ip_window() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "ROUXING_LOGIN_IP_WINDOW_SECONDS", 900)))


def ip_failures(ip_address: str | None) -> int:
    """Failed logins from this address within the window (all accounts together)."""
    if not ip_address:
        return 0
    since = timezone.now() - ip_window()
    return AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gte=since).count()


class RouxingAxesHandler(AxesDatabaseHandler):
    """AxesDatabaseHandler plus the per-address limit."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if ip_failures(getattr(request, "axes_ip_address", None)) >= ip_limit():
            request.rouxing_ip_throttled = True
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        count = ip_failures(getattr(request, "axes_ip_address", None))
        if count >= ip_limit():
            request.rouxing_ip_throttled = True
            request.axes_locked_out = True
            request.axes_credentials = credentials
            audit_record(event="auth.ip_throttled", actor=str((credentials or {}).get("username", ""))[:150],
                         request=request, result="failure", object_type="orgs.User",
                         object_id=str((credentials or {}).get("username", ""))[:64],
                         detail={"ip": request.axes_ip_address or "", "failures": count,
                                 "window_seconds": int(ip_window().total_seconds())})


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Chinese page (HTTP 429) saying which limit was reached."""
    minutes = int(ip_window().total_seconds() // 60)
    cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if getattr(request, "rouxing_ip_throttled", False):
        message = (f"该网络地址登录失败次数过多（{minutes}分钟内达{ip_limit()}次），已暂停从该地址登录，"
                   f"请{minutes}分钟后再试或联系安全管理员。")
    else:
        message = (f"该账号在此网络地址登录失败次数过多，已暂停{cooloff}分钟；"
                   "其他地址不受影响，也可联系安全管理员解除锁定。")
    return render(request, "registration/locked.html", {"message": message}, status=429)

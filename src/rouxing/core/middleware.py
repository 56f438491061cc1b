"""Login required by default, session idle/absolute limits and forced password change (等保 profile)."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

OPEN_PREFIXES = ("/public/", "/accounts/login/", "/accounts/logout/", "/static/", "/api/", "/healthz", "/readyz")
PASSWORD_CHANGE_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/static/", "/api/", "/healthz", "/readyz")


class LoginRequiredByDefaultMiddleware:
    """Deny by default: anonymous users are sent to the login page for every non-public path.

    The API authenticates by token itself (rouxing.api.auth) and answers 401 in JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            if request.path.startswith("/admin/"):
                return self.get_response(request)
            return redirect(f"{settings.LOGIN_URL}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """End sessions idle for SESSION_IDLE_SECONDS or older than SESSION_COOKIE_AGE (absolute), server-side.

    The absolute limit is checked against `_login_at` set at login (orgs.auth_views), because the
    stored expiry date moves forward every time the session is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("_last_seen")
            login_at = request.session.get("_login_at")
            if login_at is None:
                request.session["_login_at"] = login_at = now
            idle = last is not None and now - int(last) > settings.SESSION_IDLE_SECONDS
            if idle or now - int(login_at) > settings.SESSION_COOKIE_AGE:
                logout(request)
                return redirect(f"{settings.LOGIN_URL}?next={quote(request.get_full_path())}&expired=1")
            if last is None or now - int(last) > 60:
                request.session["_last_seen"] = now
        return self.get_response(request)


def password_expired(user) -> bool:
    """等保 profile: a password older than PASSWORD_MAX_AGE_DAYS must be changed.

    An account whose password was never changed counts from the day it was created.
    """
    if getattr(settings, "PASSWORD_PROFILE", "dengbao") != "dengbao":
        return False
    max_age = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90)
    if not max_age:
        return False
    since = user.password_changed_at or user.date_joined
    return since is not None and timezone.now() - since > dt.timedelta(days=max_age)


class PasswordExpiryMiddleware:
    """Send a user whose password has expired, or was reset by the 安全管理员 (`must_change_password`),
    to the password change page until it is changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(PASSWORD_CHANGE_PREFIXES):
            if getattr(user, "must_change_password", False):
                return redirect(reverse("password_change") + "?reset=1")
            if password_expired(user):
                return redirect(reverse("password_change") + "?expired=1")
        return self.get_response(request)


WROTE_COOKIE = "rx_wrote"


class ReplicaReadsMiddleware:
    """GET/HEAD requests to the report and portal paths read from the replica (rouxing.core.routers), unless
    this client wrote something in the last ROUXING_REPLICA_STICKY_SECONDS (cookie set after each write)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from rouxing.core.routers import replica_alias, replica_reads

        if request.method not in ("GET", "HEAD"):
            response = self.get_response(request)
            if replica_alias() is not None:
                response.set_cookie(WROTE_COOKIE, "1", max_age=settings.ROUXING_REPLICA_STICKY_SECONDS,
                                    httponly=True, samesite="Lax", secure=request.is_secure())
            return response
        if (replica_alias() is None or WROTE_COOKIE in request.COOKIES
                or not request.path.startswith(tuple(settings.ROUXING_REPLICA_PATHS))):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)

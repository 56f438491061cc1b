"""Login required by default (only portal/, login and static are open) and session idle/absolute limits."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

OPEN_PREFIXES = ("/public/", "/accounts/login/", "/accounts/logout/", "/static/", "/api/", "/healthz")


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
            return redirect(f"{settings.LOGIN_URL}?next={request.path}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """End sessions idle for SESSION_IDLE_SECONDS; SESSION_COOKIE_AGE bounds the absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("_last_seen")
            if last is not None and now - int(last) > settings.SESSION_IDLE_SECONDS:
                logout(request)
                return redirect(f"{settings.LOGIN_URL}?next={request.path}&expired=1")
            if last is None or now - int(last) > 60:
                request.session["_last_seen"] = now
        return self.get_response(request)

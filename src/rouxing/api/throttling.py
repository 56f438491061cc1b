"""API throttling (django-ninja's own throttles): one budget per token owner.

django-ninja checks throttles after authentication, so a call without a valid token is answered 401
before any budget is counted (tokens are 256-bit random values: guessing is not a practical attack).
The rate comes from settings at each request (`ROUXING_API_RATE`, e.g. "600/m"), so
they can be changed without code. Counts live in Django's cache: the default local-memory cache counts per
server process (the effective limit is the rate × gunicorn workers); configure a shared cache to count
across processes.
"""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    setting = ""

    def __init__(self) -> None:  # the rate is read per request, not at import
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class TokenOwnerThrottle(_SettingsRateThrottle):
    """Authenticated calls: one budget per user (all of a user's tokens together)."""

    scope = "token_owner"
    setting = "ROUXING_API_RATE"

    def get_cache_key(self, request) -> str | None:
        user = getattr(request, "auth", None)
        if user is None or not getattr(user, "pk", None):
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"user-{user.pk}"}

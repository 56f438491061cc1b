"""Bearer-token authentication for the HTTP API; refused tokens are audited like failed logins."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer

from rouxing.core.audit import audit_record

from .models import ApiToken


class TokenAuth(HttpBearer):
    """A token acts as its user (bureau and role); revoked tokens and disabled users are refused."""

    def authenticate(self, request, token: str):
        row = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.digest(token)).first()
        if row is None or row.revoked or not row.user.is_active:
            audit_record(event="api.auth_failed", request=request, result="failure", object_type="api.ApiToken",
                         object_id=row.pk if row is not None else "")
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user

"""接口令牌 services: a token is issued only to its owner (本人申领), after re-authentication; the owner or
the 安全管理员 revokes it. Refusals raise a Chinese PermissionDenied and change nothing; all audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rouxing.core.audit import audit_record
from rouxing.orgs.models import Role

from .models import ApiToken


def issue_token(*, actor, owner, name: str, request=None) -> tuple[ApiToken, str]:
    """Issue a token to `owner`; only the owner may ask (三员分立: nobody holds another's credentials)."""
    if actor.pk != owner.pk:
        audit_record(event="api_token.issue_refused", actor=actor, obj=owner, request=request, result="failure")
        raise PermissionDenied("三员分立：接口令牌只能由本人申领，不得为他人签发。")
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写令牌用途。")
    with transaction.atomic():
        token, key = ApiToken.issue(user=owner, name=name[:100])
        audit_record(event="api_token.issue", actor=actor, obj=token, request=request, org_id=owner.org_id)
    return token, key


def revoke_token(*, actor, token: ApiToken, request=None) -> None:
    if actor.pk != token.user_id and actor.role != Role.SECADMIN:
        audit_record(event="api_token.revoke_refused", actor=actor, obj=token, request=request, result="failure")
        raise PermissionDenied("只能吊销本人的接口令牌（或由安全管理员吊销）。")
    with transaction.atomic():
        if ApiToken.objects.filter(pk=token.pk, revoked=False).update(revoked=True):
            audit_record(event="api_token.revoke", actor=actor, obj=token, request=request,
                         org_id=token.user.org_id)

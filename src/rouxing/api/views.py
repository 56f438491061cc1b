"""接口令牌 page (/accounts/tokens/): a user asks for and revokes their own API tokens. It lives in the api
app (which depends on orgs for the re-authentication gate), so orgs never imports the api."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from rouxing.orgs.auth_views import reauth_gate, recently_reauthenticated

from .models import ApiToken
from .services import issue_token, revoke_token


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """接口令牌 (本人): list, ask for (after re-authentication; the key is shown once) and revoke one's own."""
    key = ""
    action = request.POST.get("action", "")
    if action in ("issue", "reauth"):
        gate = reauth_gate(request, "申领接口令牌")
        if gate is not None:
            return gate
        if action == "issue":
            try:
                _token, key = issue_token(actor=request.user, owner=request.user, name=request.POST.get("name", ""),
                                          request=request)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    elif action == "revoke":
        token = ApiToken.objects.filter(pk=request.POST.get("token") or 0, user=request.user).first()
        if token is None:
            messages.error(request, "令牌不存在或不属于您。")
        else:
            revoke_token(actor=request.user, token=token, request=request)
            messages.success(request, "令牌已吊销。")
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "registration/api_tokens.html", {
        "tokens": tokens, "key": key, "reauth_ok": recently_reauthenticated(request),
    })

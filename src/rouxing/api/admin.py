"""API tokens in the admin: the security administrator sees and revokes every token but issues none;
each user asks for his own at /accounts/tokens/ (api.services.issue_token)."""

from __future__ import annotations

from django.contrib import admin, messages

from rouxing.orgs.admin_roles import RoleAdminMixin
from rouxing.orgs.models import Role

from .models import ApiToken
from .services import revoke_token


@admin.action(description="吊销所选令牌")
def revoke_tokens(modeladmin, request, queryset):
    for token in queryset.filter(revoked=False).select_related("user"):
        revoke_token(actor=request.user, token=token, request=request)
    modeladmin.message_user(request, "已吊销。", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    manager_roles = frozenset({Role.SECADMIN})
    allow_add = False
    list_display = ("user", "name", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    fields = ("user", "name", "created_at", "last_used_at", "revoked")
    readonly_fields = fields
    actions = [revoke_tokens]

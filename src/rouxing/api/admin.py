"""API tokens in the admin: the security administrator issues (key shown once) and revokes them."""

from __future__ import annotations

from django.contrib import admin, messages

from rouxing.core.audit import audit_record
from rouxing.orgs.admin import RoleAdminMixin
from rouxing.orgs.models import Role

from .models import ApiToken


@admin.action(description="吊销所选令牌")
def revoke_tokens(modeladmin, request, queryset):
    for token in queryset.filter(revoked=False):
        ApiToken.objects.filter(pk=token.pk).update(revoked=True)
        audit_record(event="api_token.revoke", actor=request.user, obj=token, request=request,
                     org_id=token.user.org_id)
    modeladmin.message_user(request, "已吊销。", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(RoleAdminMixin, admin.ModelAdmin):
    manager_roles = frozenset({Role.SECADMIN})
    list_display = ("user", "name", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    fields = ("user", "name")
    actions = [revoke_tokens]

    def get_readonly_fields(self, request, obj=None):
        return ("user", "name") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, key = ApiToken.issue(user=obj.user, name=obj.name)
        obj.pk = token.pk
        audit_record(event="api_token.issue", actor=request.user, obj=token, request=request, org_id=obj.user.org_id)
        messages.warning(request, f"令牌已签发，仅显示这一次，请立即妥善保存：{key}")

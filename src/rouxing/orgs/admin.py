"""Administration (三员分立): 系统管理员 manages accounts and bureaus (never roles or others' passwords),
安全管理员 grants roles (never his own), resets passwords, lockouts, sessions and two-factor devices,
审计管理员 reads the audit log (orgs.views.audit_log, not here). Rules live in orgs.services.

Each admin class checks the role explicitly, so a superuser flag alone grants nothing here. Forms
list their fields (no mass assignment); every change is audited; disabling an account ends its
sessions server-side.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from rouxing.core.audit import audit_record
from rouxing.core.sessions import end_sessions

from .admin_roles import RoleAdminMixin
from .models import AccountSecurity, Department, Org, Role, User
from .services import AdminRefused, grant_role, reset_password, sync_flags


def _admin_login(request, extra_context=None):
    """The admin has no login of its own: everyone goes through the audited, two-factor login page."""
    return redirect(f"{settings.LOGIN_URL}?next={request.get_full_path().replace('login/', '', 1)}")


admin.site.login = _admin_login
_site_has_permission = admin.site.has_permission


def _verified_admin(request) -> bool:
    """/admin/ needs two factors (like django-otp's OTPAdminSite): staff AND verified in this session."""
    verified = getattr(request.user, "is_verified", None)
    return _site_has_permission(request) and bool(verified and verified())


admin.site.has_permission = _verified_admin
admin.site.site_header = "柔性执法平台 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "系统管理"


@admin.action(description="结束所选用户的全部会话（强制下线）")
def end_user_sessions(modeladmin, request, queryset):
    ids = set(queryset.values_list("pk", flat=True))
    count = end_sessions(ids)
    for user in queryset:
        audit_record(event="user.sessions_end", actor=request.user, obj=user, request=request, org_id=user.org_id)
    modeladmin.message_user(request, f"已结束 {count} 个会话。", messages.SUCCESS)


@admin.action(description="停用所选账号（并结束其会话）")
def disable_accounts(modeladmin, request, queryset):
    users = list(queryset.exclude(pk=request.user.pk))
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(event="user.disable", actor=request.user, obj=user, request=request, org_id=user.org_id)
    count = end_sessions({u.pk for u in users})
    modeladmin.message_user(request, f"已停用 {len(users)} 个账号，结束 {count} 个会话。", messages.SUCCESS)


@admin.action(description="解除所选账号的登录锁定")
def unlock_accounts(modeladmin, request, queryset):
    for user in queryset:
        axes_reset(username=user.username)
        audit_record(event="user.unlock", actor=request.user, obj=user, request=request, org_id=user.org_id)
    modeladmin.message_user(request, "已解除锁定。", messages.SUCCESS)


@admin.register(User)
class UserAdmin(RoleAdminMixin, DjangoUserAdmin):
    """用户 (系统管理员): accounts' data, bureau and status. The role is granted by the 安全管理员 only, and
    the 系统管理员 sets a password only when creating an account (changed at first login)."""

    list_display = ("username", "full_name", "org", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "org")
    search_fields = ("username", "full_name", "badge_no")
    ordering = ("username",)
    actions = [end_user_sessions, disable_accounts]
    readonly_fields = ("role", "last_login", "date_joined", "password_changed_at", "must_change_password")
    fieldsets = (
        ("账号", {"fields": ("username",)}),
        ("个人信息", {"fields": ("full_name", "badge_no", "phone", "email")}),
        ("机关与角色", {"fields": ("org", "department", "role")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined", "password_changed_at",
                           "must_change_password")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "full_name", "org",
                                                 "department", "badge_no", "phone")}),
    )
    filter_horizontal = ()

    def user_change_password(self, request, id, form_url=""):
        audit_record(event="user.password_reset_refused", actor=request.user, object_type="orgs.User",
                     object_id=id, request=request, result="failure")
        raise PermissionDenied("三员分立：系统管理员不得设置他人密码；密码重置由安全管理员办理。")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.role = Role.OFFICER  # a new account gets its role from the 安全管理员
            obj.must_change_password = True
        sync_flags(obj)
        before = User.objects.filter(pk=obj.pk).values("org_id", "is_active").first() if change else None
        super().save_model(request, obj, form, change)
        event = "user.update" if change else "user.create"
        detail = {"changed": form.changed_data}
        if before and before["org_id"] != obj.org_id:
            event = "user.permission_change"
            detail.update({"org": [before["org_id"], obj.org_id]})
        audit_record(event=event, actor=request.user, obj=obj, request=request, org_id=obj.org_id, detail=detail)
        if before and before["is_active"] and not obj.is_active:
            end_sessions({obj.pk})
            audit_record(event="user.disable", actor=request.user, obj=obj, request=request, org_id=obj.org_id)


@admin.register(AccountSecurity)
class AccountSecurityAdmin(RoleAdminMixin, admin.ModelAdmin):
    """账号安全 (安全管理员): grant roles, reset passwords, end sessions, unlock, disable; no account data."""

    manager_roles = frozenset({Role.SECADMIN})
    allow_add = False
    list_display = ("username", "full_name", "org", "role", "is_active", "last_login", "password_changed_at")
    list_filter = ("is_active", "role")
    search_fields = ("username", "full_name")
    fields = ("username", "full_name", "org", "role", "is_active", "last_login", "password_changed_at",
              "must_change_password")
    readonly_fields = fields
    actions = [end_user_sessions, unlock_accounts, disable_accounts]
    change_form_template = "orgs/admin/accountsecurity_change_form.html"

    def has_change_permission(self, request, obj=None):
        # Change permission is what admin actions require; the form itself is read-only.
        return self._manager(request)

    def get_urls(self):
        return [
            path("<int:pk>/grant-role/", self.admin_site.admin_view(self.grant_role_view),
                 name="orgs_accountsecurity_grant_role"),
            path("<int:pk>/reset-password/", self.admin_site.admin_view(self.reset_password_view),
                 name="orgs_accountsecurity_reset_password"),
            *super().get_urls(),
        ]

    def _target(self, request, pk: int) -> User:
        if not self._manager(request):
            raise PermissionDenied("三员分立：只有安全管理员可以办理账号安全事项。")
        return get_object_or_404(User, pk=pk)

    def grant_role_view(self, request, pk: int):
        """角色授予 (POST role): refused for one's own account; audited either way."""
        target = self._target(request, pk)
        error = ""
        if request.method == "POST":
            try:
                grant_role(actor=request.user, user=target, role=request.POST.get("role", ""), request=request)
            except AdminRefused as exc:
                error = str(exc)
            else:
                target.refresh_from_db()
                messages.success(request, f"已将 {target.username} 的角色设为“{Role(target.role).label}”，"
                                          "该用户重新登录后生效。")
                return redirect(reverse("admin:orgs_accountsecurity_change", args=[target.pk]))
        context = {**self.admin_site.each_context(request), "target": target, "roles": Role.choices,
                   "error": error, "title": f"授予角色：{target.username}"}
        return render(request, "orgs/admin/grant_role.html", context, status=403 if error else 200)

    def reset_password_view(self, request, pk: int):
        """密码重置 (POST): the temporary password is shown once; the user must change it at next login."""
        target = self._target(request, pk)
        error, password = "", ""
        if request.method == "POST":
            try:
                password = reset_password(actor=request.user, user=target, request=request)
            except AdminRefused as exc:
                error = str(exc)
        context = {**self.admin_site.each_context(request), "target": target, "error": error,
                   "password": password, "title": f"重置密码：{target.username}"}
        return render(request, "orgs/admin/reset_password.html", context, status=403 if error else 200)


@admin.register(Org)
class OrgAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "justice_bureau")
    search_fields = ("code", "name")
    fields = ("code", "name", "short_name", "level", "kind", "parent", "justice_bureau", "region", "address",
              "contact_person", "contact_phone", "first_violation_lookback_days")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(event="org.update" if change else "org.create", actor=request.user, obj=obj, request=request,
                     org_id=obj.pk, detail={"changed": form.changed_data})


@admin.register(Department)
class DepartmentAdmin(RoleAdminMixin, admin.ModelAdmin):
    list_display = ("name", "org")
    list_filter = ("org",)
    fields = ("org", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(event="department.update" if change else "department.create", actor=request.user, obj=obj,
                     request=request, detail={"changed": form.changed_data})


# Lockouts belong to the security administrator.
for model, base in ((AccessAttempt, AccessAttemptAdmin), (AccessLog, AccessLogAdmin),
                    (AccessFailureLog, AccessFailureLogAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"Secured{base.__name__}", (RoleAdminMixin, base), {
        "manager_roles": frozenset({Role.SECADMIN}), "allow_add": False,
        "allow_delete": model in (AccessAttempt, AccessFailureLog),  # deleting failures lifts an address limit
    }))

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecuredTOTPDeviceAdmin(RoleAdminMixin, admin.ModelAdmin):
    """双因素设备 (安全管理员): list and delete (a lost phone); the secret key and QR code are never shown."""

    manager_roles = frozenset({Role.SECADMIN})
    allow_add = False
    allow_delete = True
    list_display = ("user", "name", "confirmed", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "last_used_at")
    readonly_fields = fields

    def delete_model(self, request, obj):
        audit_record(event="auth.otp_device_deleted", actor=request.user, obj=obj.user, request=request)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            audit_record(event="auth.otp_device_deleted", actor=request.user, obj=device.user, request=request)
        super().delete_queryset(request, queryset)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


from . import admin_calendar  # noqa: E402,F401 — registers the 节假日安排 pages (core models, orgs roles)

"""Account administration services under 三员分立 (separation of the three administrators).

- 安全管理员 (secadmin) alone grants roles, never to himself, and resets passwords (never his own):
  the temporary password forces a change at the next login and the user's sessions end.
- 系统管理员 (sysadmin) creates and maintains accounts (personal data, bureau, department, active)
  but cannot change a role or set another user's password.
- 审计管理员 (auditadmin) only reads the audit log.
Every refusal raises `AdminRefused` (a PermissionDenied with a Chinese message naming the rule) and
changes nothing; every success is audited.
"""

from __future__ import annotations

import secrets
import string

from django.core.exceptions import PermissionDenied
from django.db import transaction

from rouxing.core.audit import audit_record
from rouxing.core.sessions import end_sessions

from .models import Role, User
from .roles import ADMIN_ROLES


class AdminRefused(PermissionDenied):
    """A refused administrative action (the message names the 三员分立 rule)."""


def sync_flags(user: User) -> None:
    """Staff flag follows the role; nobody is a Django superuser (powers come from the role checks)."""
    user.is_staff = user.role in ADMIN_ROLES
    user.is_superuser = False


def _refuse(actor, event: str, target: User | None, reason: str, request=None) -> None:
    audit_record(event=event, actor=actor, obj=target, request=request, result="failure",
                 detail={"reason": reason})
    raise AdminRefused(reason)


def grant_role(*, actor: User, user: User, role: str, request=None) -> User:
    """角色授予: only the 安全管理员, never to his own account."""
    if role not in Role.values:
        raise AdminRefused(f"角色“{role}”不存在。")
    if not (actor.is_active and actor.role == Role.SECADMIN):
        _refuse(actor, "user.role_grant_refused", user, "三员分立：只有安全管理员可以授予角色。", request)
    if actor.pk == user.pk:
        _refuse(actor, "user.role_grant_refused", user, "三员分立：安全管理员不得为本人授予或变更角色。", request)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = locked.role
        if before == role:
            return locked
        locked.role = role
        sync_flags(locked)
        locked.save(update_fields=["role", "is_staff", "is_superuser"])
        end_sessions({locked.pk})  # the new role takes effect at the next login
        audit_record(event="user.permission_change", actor=actor, obj=locked, request=request,
                     org_id=locked.org_id, detail={"role": [before, role]})
    return locked


def temporary_password() -> str:
    """16 characters from all four classes (meets both password profiles)."""
    alphabet = string.ascii_letters + string.digits + "-_.!"
    while True:
        value = "".join(secrets.choice(alphabet) for _ in range(16))
        if (any(c.islower() for c in value) and any(c.isupper() for c in value)
                and any(c.isdigit() for c in value) and any(c in "-_.!" for c in value)):
            return value


def reset_password(*, actor: User, user: User, request=None) -> str:
    """密码重置 by the 安全管理员: a temporary password, changed at next login; sessions ended; audited."""
    if not (actor.is_active and actor.role == Role.SECADMIN):
        _refuse(actor, "user.password_reset_refused", user, "三员分立：只有安全管理员可以重置他人密码。", request)
    if actor.pk == user.pk:
        _refuse(actor, "user.password_reset_refused", user, "不得重置本人密码，请通过“修改密码”更改。", request)
    password = temporary_password()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.must_change_password = True
        locked.save(update_fields=["password", "must_change_password"])
        end_sessions({locked.pk})
        audit_record(event="user.password_reset", actor=actor, obj=locked, request=request, org_id=locked.org_id)
    return password

"""Deny-by-default access: which bureaus a user may read and write, and role checks.

Scope rules (foundation issue): a user reads and writes only their own bureau's records; a
司法局监督员 reads (never writes) the bureaus their justice bureau supervises; the system
administrator manages accounts through the admin, not case data.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Org, Role
from .roles import ALL_WORK_ROLES, REPORT_ROLES, WRITER_ROLES

__all__ = ["ALL_WORK_ROLES", "WRITER_ROLES", "can_read_org", "can_write_org", "ensure_can_write",
           "get_readable_or_404", "oversight_org_ids", "readable_org_ids", "role_required", "scope", "writable_org_ids"]


def readable_org_ids(user) -> set[int]:
    """Bureaus whose records `user` may read."""
    if not user.is_authenticated or user.org_id is None:
        return set()
    if user.role == Role.SUPERVISOR:
        supervised = set(Org.objects.filter(justice_bureau_id=user.org_id).values_list("pk", flat=True))
        return supervised | {user.org_id}
    if user.role == Role.AUDITADMIN:
        return {user.org_id}
    return {user.org_id}


def writable_org_ids(user) -> set[int]:
    """Bureaus whose records `user` may change: their own, and only for working roles."""
    if not user.is_authenticated or user.org_id is None or user.role not in WRITER_ROLES:
        return set()
    return {user.org_id}


def oversight_org_ids(user) -> set[int]:
    """Bureaus whose figures and plans `user` may read (statistics, 年度检查计划): the readable bureaus, and
    for a 负责人 also every bureau below theirs (Org.parent)."""
    if not getattr(user, "is_authenticated", False) or user.role not in REPORT_ROLES:
        return set()
    ids = set(readable_org_ids(user))
    if user.role == Role.APPROVER and user.org_id is not None:
        ids |= user.org.descendant_ids()
    return ids


def can_read_org(user, org_id: int | None) -> bool:
    return org_id is not None and org_id in readable_org_ids(user)


def can_write_org(user, org_id: int | None) -> bool:
    return org_id is not None and org_id in writable_org_ids(user)


def scope(queryset, user, field: str = "org"):
    """Filter a queryset to the records the user may read."""
    return queryset.filter(**{f"{field}__in": readable_org_ids(user)})


def get_readable_or_404(queryset, user, field: str = "org", **lookup):
    """Fetch one record the user may read; another bureau's id gives 404 (no IDOR leak)."""
    obj = scope(queryset, user, field).filter(**lookup).first()
    if obj is None:
        raise Http404("记录不存在或无权查看。")
    return obj


def ensure_can_write(user, org_id: int | None, roles: AbstractSet[str] | None = None) -> None:
    """Raise PermissionDenied unless `user` may change records of `org_id` (optionally in `roles`)."""
    if not can_write_org(user, org_id):
        raise PermissionDenied("您没有修改该机关数据的权限。")
    if roles is not None and user.role not in roles:
        raise PermissionDenied("您的角色无权执行此操作。")


def role_required(*roles: str):
    """View decorator: only users with one of `roles` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                raise PermissionDenied("请先登录。")
            if request.user.role not in roles:
                raise PermissionDenied("您的角色无权访问该页面。")
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


"""Permissions of the status transitions (django-fsm-2 `permission=`): the user holds one of the roles
and may write the records of the object's bureau. The services check the same roles with
`ensure_role` (which raises with the Chinese message); these callables decide which buttons show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rouxing.orgs.access import can_write_org
from rouxing.orgs.roles import APPROVER, CASE_WORKERS, OFFICER, REVIEWER

__all__ = ["APPROVER", "CASE_WORKERS", "OFFICER", "REVIEWER", "org_id_of", "role_permission"]


def org_id_of(obj: Any) -> int | None:
    """The bureau owning `obj`: its `org_id`, else its case's (执行 belongs to the case's bureau)."""
    org_id = getattr(obj, "org_id", None)
    if org_id is None and getattr(obj, "case_id", None):
        org_id = obj.case.org_id
    return org_id


def role_permission(*role_sets: frozenset[str]) -> Callable[[Any, Any], bool]:
    """`permission=` callable: the user is signed in, holds one of the roles and may write the object's bureau."""
    roles = frozenset().union(*role_sets)

    def permission(instance: Any, user: Any) -> bool:
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return user.role in roles and can_write_org(user, org_id_of(instance))

    permission.roles = roles  # type: ignore[attr-defined]
    return permission

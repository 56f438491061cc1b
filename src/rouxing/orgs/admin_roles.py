"""The role check every admin page uses (三员分立): a page belongs to the roles it lists."""

from __future__ import annotations

from .models import Role


class RoleAdminMixin:
    """Grant an admin page to the listed roles only (and read-only to `reader_roles`)."""

    manager_roles: frozenset[str] = frozenset({Role.SYSADMIN})
    reader_roles: frozenset[str] = frozenset()
    allow_add = True
    allow_delete = False

    def _manager(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.role in self.manager_roles

    def has_module_permission(self, request):
        return self._manager(request) or request.user.role in self.reader_roles

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.allow_add and self._manager(request)

    def has_change_permission(self, request, obj=None):
        return self._manager(request)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self._manager(request)

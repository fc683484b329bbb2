"""What each role may do through the API; what it may see is decided by `visible_to` querysets."""

from __future__ import annotations

from rest_framework import permissions

from engagement.choices import Role
from engagement.roles import role_of


class RolePermission(permissions.BasePermission):
    """Signed-in callers read; only staff write, unless a view names other writer roles.

    A view sets `writer_roles` to let more roles write (the progress-report endpoint lets
    focal points post) and `reader_roles` to narrow who reads (contacts, users: staff only).
    """

    def has_permission(self, request, view) -> bool:
        role = role_of(request.user)
        if role is None:
            return False
        if request.method in permissions.SAFE_METHODS:
            return role in getattr(view, "reader_roles", (Role.STAFF, Role.VIEWER, Role.FOCAL_POINT))
        return role in getattr(view, "writer_roles", (Role.STAFF,))


class StaffOnly(RolePermission):
    """Staff only, reading and writing."""

    def has_permission(self, request, view) -> bool:
        return role_of(request.user) == Role.STAFF

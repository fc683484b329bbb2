"""What each role may do through the API; what it may see is decided by `visible_to` querysets."""

from __future__ import annotations

from rest_framework import permissions

from engagement.choices import Role
from engagement.roles import role_of

ALL_READERS = (Role.STAFF, Role.VIEWER, Role.FOCAL_POINT)


class RolePermission(permissions.BasePermission):
    """Signed-in callers read; only staff write, unless a view names other writer roles.

    A view sets `writer_roles` to let more roles write (the progress-report endpoint lets
    focal points post) and `reader_roles` to narrow who reads (contacts, users: staff only).

    A write the role may never make is a 403, except on an object (or under a parent) outside
    the caller's scope: that is a 404, as a read of it would be, so a focal point never learns
    that another State's internal pledge exists.
    """

    def has_permission(self, request, view) -> bool:
        role = role_of(request.user)
        if role is None:
            return False
        readers = getattr(view, "reader_roles", ALL_READERS)
        if request.method in permissions.SAFE_METHODS:
            return role in readers
        if role in getattr(view, "writer_roles", (Role.STAFF,)):
            return True
        if role in readers:
            raise_not_found_outside_scope(view)
        return False


def raise_not_found_outside_scope(view) -> None:
    """Raise the 404 a read would give when the request names an object the caller cannot see.

    A detail route looks its object up through the view's scoped queryset; a nested collection
    (a pledge's reports) resolves its parents the same way when its queryset is built.
    """
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    kwargs = getattr(view, "kwargs", {})
    if lookup in kwargs and hasattr(view, "get_object"):
        view.get_object()
    elif kwargs and hasattr(view, "get_queryset"):
        view.get_queryset()


class StaffOnly(RolePermission):
    """Staff only, reading and writing."""

    def has_permission(self, request, view) -> bool:
        return role_of(request.user) == Role.STAFF

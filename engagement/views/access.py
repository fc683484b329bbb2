"""Who may open a page: the web twin of the API's RolePermission (read roles, write roles)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from engagement.choices import Role
from engagement.roles import role_of

OFFICE_READERS = (Role.STAFF, Role.VIEWER)
EVERY_ROLE = (Role.STAFF, Role.VIEWER, Role.FOCAL_POINT)


def roles_required(*, read: tuple[str, ...] = EVERY_ROLE, write: tuple[str, ...] = (Role.STAFF,)):
    """Anonymous callers sign in; a role outside `read` (GET) or `write` (POST) gets a 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = read if request.method in ("GET", "HEAD", "OPTIONS") else write
            if role_of(request.user) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

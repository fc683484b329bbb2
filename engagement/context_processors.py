"""Template context shared by every page: the caller's role, for navigation and edit controls."""

from __future__ import annotations

from engagement.choices import Role
from engagement.roles import role_of


def role(request) -> dict:
    """Expose `role`, `is_staff_role` and the focal point's State code to every template."""
    current = role_of(getattr(request, "user", None))
    focal_iso3 = ""
    if current == Role.FOCAL_POINT:
        focal_iso3 = request.user.member_state.iso3
    return {
        "role": current,
        "is_staff_role": current == Role.STAFF,
        "reads_office_records": current in (Role.STAFF, Role.VIEWER),
        "focal_iso3": focal_iso3,
    }

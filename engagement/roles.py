"""Who a user is to the tracker: the one place that turns an account into a role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engagement.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from engagement.models import User

GROUP_NAMES = {Role.STAFF: "Staff", Role.VIEWER: "Viewers", Role.FOCAL_POINT: "Focal points"}


def role_of(user: User | AnonymousUser | None) -> str | None:
    """The caller's role, or None for anonymous and inactive callers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_staff:
        return Role.STAFF
    if user.role == Role.FOCAL_POINT and user.member_state_id:
        return Role.FOCAL_POINT
    if user.role == Role.VIEWER:
        return Role.VIEWER
    return None


def is_staff(user) -> bool:
    return role_of(user) == Role.STAFF


def focal_state_id(user) -> int | None:
    """The Member State a focal point speaks for, None for every other caller."""
    return user.member_state_id if role_of(user) == Role.FOCAL_POINT else None

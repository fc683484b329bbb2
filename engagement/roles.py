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


# Model permissions of each role group; staff get every permission of the three apps.
VIEWER_MODELS = {
    "engagement": [
        "memberstate", "region", "organization", "meeting", "vnrengagement", "followupaction",
        "term", "indicator", "indicatortarget", "indicatorvalue", "reminder",
    ],
    "visits": ["countryvisit", "visitsite"],
    "pledges": [
        "pledge", "progressreport", "reportverification", "ctaendorsement", "alliancemembership",
        "alliancemilestone", "peerexchange",
    ],
}  # fmt: skip
FOCAL_POINT_MODELS = {
    "engagement": ["memberstate", "region", "organization", "vnrengagement", "term"],
    "visits": ["countryvisit", "visitsite"],
    "pledges": [
        "pledge", "progressreport", "reportverification", "ctaendorsement", "alliancemembership",
        "alliancemilestone",
    ],
}  # fmt: skip


def role_groups_ensure(group_model=None, permission_model=None) -> None:
    """Create the three role groups with their permissions; safe to run again.

    The migration passes its historical models; tests and load_reference_data call it plainly
    (a flushed test database loses the groups the migration made).
    """
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
        from django.contrib.auth.models import Permission as permission_model

    def permissions(models_by_app, actions):
        codenames = [
            f"{action}_{model}" for models in models_by_app.values() for model in models for action in actions
        ]
        return list(
            permission_model.objects.filter(
                content_type__app_label__in=list(models_by_app), codename__in=codenames
            )
        )

    staff, _ = group_model.objects.get_or_create(name=GROUP_NAMES[Role.STAFF])
    staff.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=["engagement", "visits", "pledges"])
    )
    viewers, _ = group_model.objects.get_or_create(name=GROUP_NAMES[Role.VIEWER])
    viewers.permissions.set(permissions(VIEWER_MODELS, ["view"]))
    focal_points, _ = group_model.objects.get_or_create(name=GROUP_NAMES[Role.FOCAL_POINT])
    focal_points.permissions.set(
        permissions(FOCAL_POINT_MODELS, ["view"]) + permissions({"pledges": ["progressreport"]}, ["add"])
    )

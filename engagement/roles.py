"""Who a user is to the tracker: the one place that turns an account into a role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from engagement.models import User

GROUP_NAMES = {Role.STAFF: "Staff", Role.VIEWER: "Viewers", Role.FOCAL_POINT: "Focal points"}


class PublicReader:
    """Anyone, without signing in, reading the public pages and the open data.

    Not a role: no account holds it, `role_of` gives it None, and so every permission check
    refuses it. Only the querysets that hold public rows know it (`visible_to(PUBLIC)`): public
    pledges and their report trails, Call-to-Action endorsements, Alliance memberships and their
    milestones, and the Member States' reference data. Everything else is empty for it.
    """

    pk = id = None
    is_authenticated = is_active = is_staff = is_superuser = False
    member_state_id = None

    def __repr__(self) -> str:
        return "PUBLIC"


PUBLIC = PublicReader()


def is_public_reader(user) -> bool:
    return isinstance(user, PublicReader)


def assigned_role(user: User) -> str:
    """The role an account holds, active or not: the staff flag wins (createsuperuser sets no role)."""
    return Role.STAFF if user.is_staff else user.role


def role_of(user: User | AnonymousUser | None) -> str | None:
    """The caller's role, or None for anonymous and inactive callers (and a focal point with no State)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    role = assigned_role(user)
    if role == Role.FOCAL_POINT and not user.member_state_id:
        return None
    return role if role in Role.values else None


def is_staff(user) -> bool:
    return role_of(user) == Role.STAFF


def staff_write_check(user) -> None:
    """Refuse a write only the Office makes (a service's first line); the API and pages turn it into a 403."""
    if not is_staff(user):
        raise PermissionDenied(_("Only the Office can make this change."))


def focal_state_id(user) -> int | None:
    """The Member State a focal point speaks for, None for every other caller."""
    return user.member_state_id if role_of(user) == Role.FOCAL_POINT else None


def role_groups_ensure() -> None:
    """Create the three role groups with the permissions the apps grant them; safe to run again.

    Each app names, in its AppConfig's `role_permissions`, the permission codenames of its own
    models that viewers and focal points hold; staff hold every permission of those apps. Runs
    after each such app migrates (`role_groups_after_migrate`; a flushed test database is migrated
    again) and from load_reference_data.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    granting = [config for config in apps.get_app_configs() if hasattr(config, "role_permissions")]
    labels = [config.label for config in granting]
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role == Role.STAFF:
            group.permissions.set(Permission.objects.filter(content_type__app_label__in=labels))
            continue
        wanted = Q()
        for config in granting:
            codenames = config.role_permissions.get(role, [])
            wanted |= Q(content_type__app_label=config.label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted) if wanted else [])


def view(*model_names: str) -> list[str]:
    """The view permission codenames of the given models, for an app's `role_permissions`."""
    return [f"view_{name}" for name in model_names]


def role_groups_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: refresh the role groups once an app that grants permissions has migrated."""
    if hasattr(sender, "role_permissions"):
        role_groups_ensure()

"""Accounts (staff, viewers, focal points) and the contacts the office keeps."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.models.geography import MemberState, Organization
from engagement.querysets import ContactQuerySet, UserQuerySet


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager with the role scoping of UserQuerySet."""

    use_in_migrations = True


class User(AbstractUser):
    """An account; a focal point is linked to exactly one Member State, other roles to none."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("Member State (focal points)"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    weekly_digest = models.BooleanField(_("receive the weekly digest"), default=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.FOCAL_POINT, member_state__isnull=False)
                    | (~models.Q(role=Role.FOCAL_POINT) & models.Q(member_state__isnull=True))
                ),
                name="user_focal_point_has_one_state",
            ),
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # A login only touches last_login: no group work on every sign-in.
        if update_fields is None or {"role", "is_staff"} & set(update_fields):
            self.sync_role_group()

    def sync_role_group(self) -> None:
        """Keep exactly one role group (Staff, Viewers, Focal points) in step with the role."""
        from django.contrib.auth.models import Group

        from engagement.roles import GROUP_NAMES

        wanted = GROUP_NAMES[self.effective_role]
        role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
        current = {group.name for group in self.groups.all() if group.name in GROUP_NAMES.values()}
        if current != {wanted}:
            self.groups.remove(*[group for group in role_groups if group.name != wanted])
            self.groups.add(*[group for group in role_groups if group.name == wanted])

    @property
    def is_focal_point(self) -> bool:
        return self.role == Role.FOCAL_POINT and not self.is_staff

    @property
    def is_viewer(self) -> bool:
        return self.role == Role.VIEWER and not self.is_staff

    @property
    def effective_role(self) -> str:
        """Staff flag wins, so a superuser made by createsuperuser is staff whatever its role."""
        return Role.STAFF if self.is_staff else self.role


class Contact(models.Model):
    """A person at a State or organization (minister, ambassador, focal point...); confidential."""

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact"
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name

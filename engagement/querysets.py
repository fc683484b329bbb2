"""QuerySets of the engagement app: scoping by role (`visible_to`) and shared annotations."""

from __future__ import annotations

from django.db import models

from engagement.choices import Role
from engagement.roles import focal_state_id, is_public_reader, role_of


class ScopedByStateQuerySet(models.QuerySet):
    """Rows that belong to one Member State: staff and viewers see all, a focal point its own."""

    state_field = "member_state"

    def visible_to(self, user) -> models.QuerySet:
        role = role_of(user)
        if role in (Role.STAFF, Role.VIEWER):
            return self
        if role == Role.FOCAL_POINT:
            return self.filter(**{f"{self.state_field}_id": focal_state_id(user)})
        return self.none()

    def actionable_by(self, user) -> models.QuerySet:
        """Rows a user may act on for a State: staff any, a focal point its own State's, nobody else any."""
        role = role_of(user)
        if role == Role.STAFF:
            return self
        if role == Role.FOCAL_POINT:
            return self.filter(**{f"{self.state_field}_id": focal_state_id(user)})
        return self.none()


class MemberStateQuerySet(models.QuerySet):
    """Reference data: every signed-in caller reads it, and the public pages."""

    def visible_to(self, user) -> models.QuerySet:
        return self if role_of(user) or is_public_reader(user) else self.none()

    def pages_visible_to(self, user) -> models.QuerySet:
        """The States whose page `user` may open: a focal point speaks for one State, only its own."""
        state_id = focal_state_id(user)
        states = self.visible_to(user)
        return states.filter(pk=state_id) if state_id else states


class UserQuerySet(models.QuerySet):
    """Staff see every account; anyone else only their own."""

    def visible_to(self, user) -> models.QuerySet:
        role = role_of(user)
        if role == Role.STAFF:
            return self
        if role:
            return self.filter(pk=user.pk)
        return self.none()

    def active(self) -> models.QuerySet:
        return self.filter(is_active=True)

    def staff(self) -> models.QuerySet:
        return self.filter(is_active=True, is_staff=True)

    def focal_points_named_to(self, user, member_state_id: int) -> models.QuerySet:
        """A State's focal points by name: names of people are for staff and that State's own focal points."""
        if role_of(user) == Role.STAFF or focal_state_id(user) == member_state_id:
            return self.focal_points_of(member_state_id)
        return self.none()

    def focal_points_of(self, member_state_id: int) -> models.QuerySet:
        return self.filter(
            is_active=True, is_staff=False, role=Role.FOCAL_POINT, member_state_id=member_state_id
        )


class ContactQuerySet(models.QuerySet):
    """Contacts are confidential to staff."""

    def visible_to(self, user) -> models.QuerySet:
        return self if role_of(user) == Role.STAFF else self.none()


__all__ = [
    "ContactQuerySet",
    "MemberStateQuerySet",
    "ScopedByStateQuerySet",
    "UserQuerySet",
]

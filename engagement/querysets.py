"""QuerySets of the engagement app: scoping by role (`visible_to`) and shared annotations."""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef

from engagement.choices import Role
from engagement.roles import focal_state_id, role_of


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


class MemberStateQuerySet(models.QuerySet):
    """Reference data: every signed-in caller reads it."""

    def visible_to(self, user) -> models.QuerySet:
        return self if role_of(user) else self.none()

    def with_commitment_flags(self, user) -> models.QuerySet:
        """Annotate `alliance_member` and `cta_endorsed`, each from what `user` may see of them.

        A focal point reads only its own State's endorsement and membership, so the flags of
        other States are false for it, as the endorsement and membership lists are empty.
        """
        from pledges.models import AllianceMembership, CtaEndorsement

        memberships = AllianceMembership.objects.visible_to(user)
        endorsements = CtaEndorsement.objects.visible_to(user)
        return self.annotate(
            alliance_member=Exists(memberships.filter(member_state=OuterRef("pk"))),
            cta_endorsed=Exists(endorsements.filter(member_state=OuterRef("pk"))),
        )


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

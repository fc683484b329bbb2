"""QuerySets of the pledges app: scoping by role and the pledge annotations the API shares."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from engagement.choices import Role
from engagement.querysets import ScopedByStateQuerySet
from engagement.roles import focal_state_id, is_public_reader, role_of
from pledges.choices import FINAL_STATUSES, Visibility


def readable_report_trails(queryset: models.QuerySet, user, *, pledge_path: str) -> models.QuerySet:
    """The one rule for report trails, on pledges, reports or verifications (`pledge_path` leads
    from the row to its pledge): staff read all, viewers and the public pages public pledges', a
    focal point its State's.
    """
    prefix = f"{pledge_path}__" if pledge_path else ""
    role = role_of(user)
    if role == Role.STAFF:
        return queryset
    if role == Role.VIEWER or is_public_reader(user):
        return queryset.filter(**{f"{prefix}visibility": Visibility.PUBLIC})
    if role == Role.FOCAL_POINT:
        return queryset.filter(**{f"{prefix}member_state_id": focal_state_id(user)})
    return queryset.none()


class PledgeQuerySet(ScopedByStateQuerySet):
    """Staff and viewers see every pledge; a focal point its own State's and public ones; the
    public pages public ones."""

    def visible_to(self, user) -> models.QuerySet:
        if is_public_reader(user):
            return self.public()
        role = role_of(user)
        if role in (Role.STAFF, Role.VIEWER):
            return self
        if role == Role.FOCAL_POINT:
            return self.filter(Q(member_state_id=focal_state_id(user)) | Q(visibility=Visibility.PUBLIC))
        return self.none()

    def editable_by(self, user) -> models.QuerySet:
        return self if role_of(user) == Role.STAFF else self.none()

    def reportable_by(self, user) -> models.QuerySet:
        """Pledges the user may post progress reports on: staff any, a focal point its own."""
        return self.actionable_by(user)

    def with_readable_reports(self, user) -> models.QuerySet:
        """Pledges whose report trail the user may read: the pledge side of ProgressReport.visible_to."""
        return readable_report_trails(self, user, pledge_path="")

    def public(self) -> models.QuerySet:
        return self.filter(visibility=Visibility.PUBLIC)

    def overdue(self, today) -> models.QuerySet:
        """Open pledges whose next report is past due."""
        return self.exclude(status__in=FINAL_STATUSES).filter(next_report_due__lt=today)

    def not_overdue(self, today) -> models.QuerySet:
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class ProgressReportQuerySet(models.QuerySet):
    """Staff see every report; viewers those on public pledges; a focal point its own State's."""

    def visible_to(self, user) -> models.QuerySet:
        return readable_report_trails(self, user, pledge_path="pledge")


class VerificationQuerySet(models.QuerySet):
    """Verifications follow the reports they judge."""

    def visible_to(self, user) -> models.QuerySet:
        return readable_report_trails(self, user, pledge_path="report__pledge")


class PublicStateRecordQuerySet(ScopedByStateQuerySet):
    """A State's public commitments (its Call-to-Action endorsement, its Alliance membership):
    scoped by State for signed-in callers as every State's record is, and all of them on the
    public pages, which show who endorsed and who joined."""

    def visible_to(self, user) -> models.QuerySet:
        return self if is_public_reader(user) else super().visible_to(user)


class MilestoneQuerySet(PublicStateRecordQuerySet):
    state_field = "membership__member_state"

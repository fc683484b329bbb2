"""QuerySets of meetings and follow-up actions: who reads them, and which are open or overdue."""

from __future__ import annotations

from django.db import models

from engagement.choices import Role
from engagement.roles import role_of


class MeetingQuerySet(models.QuerySet):
    """Meetings are the office's record: staff and viewers read them, focal points do not."""

    def visible_to(self, user) -> models.QuerySet:
        return self if role_of(user) in (Role.STAFF, Role.VIEWER) else self.none()


class FollowUpQuerySet(models.QuerySet):
    """Follow-ups are staff work: staff and viewers read them."""

    def visible_to(self, user) -> models.QuerySet:
        return self if role_of(user) in (Role.STAFF, Role.VIEWER) else self.none()

    def open(self) -> models.QuerySet:
        return self.filter(status="open")

    def overdue(self, today) -> models.QuerySet:
        return self.filter(status="open", due_date__lt=today)

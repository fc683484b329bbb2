"""Reads of meetings and follow-up actions that pages of other apps show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetings.models import FollowUpAction, Meeting

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from engagement.models import User
    from visits.models import CountryVisit


def visit_meetings(user: User, visit: CountryVisit) -> QuerySet[Meeting]:
    """The meetings held during a visit that `user` may read, in date order."""
    return Meeting.objects.visible_to(user).filter(visit=visit).order_by("date")


def visit_follow_ups(user: User, visit: CountryVisit) -> QuerySet[FollowUpAction]:
    """The follow-up actions of a visit that `user` may read, with their owner."""
    return FollowUpAction.objects.visible_to(user).filter(visit=visit).select_related("assignee")

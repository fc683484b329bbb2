"""Writes of the calendar feeds: each user's secret address, its rotation and a staff member's scope.

The reminder log has its own writers (recording.py, delivery.py); these are the account's.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.models import User
from engagement.roles import role_of
from engagement.services import model_update
from reminders.choices import CalendarScope
from reminders.models import CALENDAR_TOKEN_BYTES, CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(CALENDAR_TOKEN_BYTES)


def _refuse_without_role(user: User) -> None:
    if role_of(user) is None:
        raise PermissionDenied(_("Only an active account with a role has a calendar."))


def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The user's calendar feed, created with a fresh token the first time it is asked for."""
    _refuse_without_role(user)
    with transaction.atomic():
        # get_or_create retries the read when a concurrent request created it first.
        feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return feed


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """Give the user's feed a new secret address; the old one answers 404 from now on."""
    _refuse_without_role(user)
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            return CalendarFeed.objects.create(user=user, token=_new_token())
        feed.token = _new_token()
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["token", "rotated_at"])
    return feed


def calendar_feed_update(*, user: User, scope: str) -> CalendarFeed:
    """Choose what a staff member's feed holds (`CalendarScope`); other roles have no choice."""
    if role_of(user) != Role.STAFF:
        raise PermissionDenied(_("Only staff choose what their calendar holds."))
    if scope not in CalendarScope.values:
        raise ValidationError({"scope": _("Choose one of the offered calendar contents.")})
    with transaction.atomic():
        feed = calendar_feed_for(user=user)
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        model_update(instance=feed, fields=["scope"], data={"scope": scope}, auto_updated_at=False)
    return feed

"""Follow-up actions: open them, change them, close them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.choices import FollowUpStatus
from engagement.models import FollowUpAction, Meeting, User
from engagement.roles import is_staff

if TYPE_CHECKING:
    from pledges.models import Pledge
    from visits.models import CountryVisit

FOLLOW_UP_PARENTS = ("meeting", "visit", "pledge")
FOLLOW_UP_UPDATABLE_FIELDS = ("title", "due_date", "status", "assignee", "notes", *FOLLOW_UP_PARENTS)


def _check_follow_up(follow_up: FollowUpAction) -> None:
    if not is_staff(follow_up.assignee):
        raise ValidationError({"assignee": [_("Follow-up actions are assigned to active staff members.")]})
    parents = [name for name in FOLLOW_UP_PARENTS if getattr(follow_up, f"{name}_id") is not None]
    if len(parents) > 1:
        raise ValidationError(
            {parents[-1]: [_("A follow-up belongs to one meeting, visit or pledge, not several.")]}
        )
    if follow_up.status not in FollowUpStatus.values:
        raise ValidationError({"status": [_("Unknown status '%(status)s'.") % {"status": follow_up.status}]})


def _set_history_user(instance, by: User | None) -> None:
    if by is not None:
        # simple_history records who made the change.
        instance._history_user = by


@transaction.atomic
def follow_up_create(
    *,
    title: str,
    due_date: dt.date,
    assignee: User,
    status: str = FollowUpStatus.OPEN,
    meeting: Meeting | None = None,
    visit: CountryVisit | None = None,
    pledge: Pledge | None = None,
    notes: str = "",
    by: User | None = None,
) -> FollowUpAction:
    """Open a follow-up action for a staff member, on at most one meeting, visit or pledge."""
    follow_up = FollowUpAction(
        title=title,
        due_date=due_date,
        assignee=assignee,
        status=status,
        meeting=meeting,
        visit=visit,
        pledge=pledge,
        notes=notes,
    )
    _check_follow_up(follow_up)
    if status != FollowUpStatus.OPEN:
        follow_up.closed_on = timezone.localdate()
    follow_up.full_clean()
    _set_history_user(follow_up, by)
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_update(
    *, follow_up: FollowUpAction, data: dict[str, Any], by: User | None = None
) -> FollowUpAction:
    """Change a follow-up; a change of status closes (sets `closed_on`) or reopens it."""
    unknown = set(data) - set(FOLLOW_UP_UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("This field cannot be changed here.")] for field in unknown})
    new_status = data.get("status", follow_up.status)
    for field, value in data.items():
        if field != "status":
            setattr(follow_up, field, value)
    if new_status != follow_up.status:
        return follow_up_close(follow_up=follow_up, status=new_status, by=by)
    _check_follow_up(follow_up)
    follow_up.full_clean()
    _set_history_user(follow_up, by)
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_close(
    *,
    follow_up: FollowUpAction,
    status: str = FollowUpStatus.DONE,
    closed_on: dt.date | None = None,
    by: User | None = None,
) -> FollowUpAction:
    """Mark a follow-up done or cancelled on `closed_on` (today by default); `open` reopens it."""
    follow_up.status = status
    follow_up.closed_on = None if status == FollowUpStatus.OPEN else (closed_on or timezone.localdate())
    _check_follow_up(follow_up)
    follow_up.full_clean()
    _set_history_user(follow_up, by)
    follow_up.save()
    return follow_up

"""Writes on meetings and follow-up actions: one transaction per use case, the same for API and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import MemberState, Organization, Term, User
from engagement.roles import is_staff, staff_write_check
from engagement.services import model_update
from meetings.choices import FollowUpStatus
from meetings.models import FollowUpAction, Meeting

if TYPE_CHECKING:
    from pledges.models import Pledge
    from visits.models import CountryVisit


MEETING_RELATIONS = ("member_states", "organizations", "topics", "pledges")


MEETING_FIELDS = (
    "date",
    "title",
    "kind",
    "mode",
    "level",
    "visit",
    "summary",
    "notes",
    "chatham_house",
    "children_engaged",
)


def _clean_meeting(meeting: Meeting) -> None:
    if meeting.children_engaged is not None and meeting.children_engaged < 0:
        raise ValidationError({"children_engaged": [_("A count of children cannot be negative.")]})
    meeting.full_clean()


def _check_pledge_states(meeting: Meeting) -> None:
    """A pledge discussed belongs to one of the meeting's Member States (run once relations are set)."""
    chosen = set(meeting.member_states.values_list("pk", flat=True))
    strays = meeting.pledges.exclude(member_state__in=chosen).select_related("member_state")
    if strays:
        raise ValidationError(
            {
                "pledges": [
                    _("“%(title)s” is a pledge of %(state)s, which is not among the meeting's Member States.")
                    % {"title": pledge.title, "state": pledge.member_state.local_name}
                    for pledge in strays
                ]
            }
        )


def _set_relations(meeting: Meeting, relations: dict[str, Iterable[Any] | None]) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(meeting, name).set(values)


@transaction.atomic
def meeting_create(
    *,
    by: User | None,
    date: dt.date,
    title: str,
    kind: str,
    mode: str,
    level: str,
    member_states: Iterable[MemberState] = (),
    organizations: Iterable[Organization] = (),
    topics: Iterable[Term] = (),
    pledges: Iterable[Pledge] = (),
    follow_ups: Iterable[dict[str, Any]] = (),
    visit: CountryVisit | None = None,
    summary: str = "",
    notes: str = "",
    chatham_house: bool = False,
    children_engaged: int = 0,
) -> Meeting:
    """Log a meeting, its relations and, optionally, the follow-up actions it calls for."""
    staff_write_check(by)
    meeting = Meeting(
        date=date,
        title=title,
        kind=kind,
        mode=mode,
        level=level,
        visit=visit,
        summary=summary,
        notes=notes,
        chatham_house=chatham_house,
        children_engaged=children_engaged,
        created_by=by,
    )
    _clean_meeting(meeting)
    if by is not None:
        meeting._history_user = by
    meeting.save()
    _set_relations(
        meeting,
        {
            "member_states": member_states,
            "organizations": organizations,
            "topics": topics,
            "pledges": pledges,
        },
    )
    _check_pledge_states(meeting)
    for index, follow_up in enumerate(follow_ups):
        try:
            follow_up_create(meeting=meeting, by=by, **follow_up)
        except ValidationError as error:
            raise ValidationError(
                {"follow_ups": [f"{index}: {message}" for message in error.messages]}
            ) from error
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict[str, Any], by: User | None = None) -> Meeting:
    """Change a meeting; relations given in `data` replace the current ones."""
    staff_write_check(by)
    # A relation given as None is left as it is.
    values = {
        name: value for name, value in data.items() if name not in MEETING_RELATIONS or value is not None
    }
    model_update(
        instance=meeting,
        fields=(*MEETING_FIELDS, *MEETING_RELATIONS),
        data=values,
        by=by,
        clean=_clean_meeting,
    )
    _check_pledge_states(meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User | None) -> None:
    """Delete a meeting logged by mistake, with its follow-up actions; history keeps both."""
    staff_write_check(by)
    _set_history_user(meeting, by)
    meeting.delete()


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


def _clean_follow_up(follow_up: FollowUpAction) -> None:
    _check_follow_up(follow_up)
    follow_up.full_clean()


def _closed_on(status: str, closed_on: dt.date | None = None) -> dt.date | None:
    """None for an open action; otherwise `closed_on`, today by default."""
    return None if status == FollowUpStatus.OPEN else (closed_on or timezone.localdate())


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
    staff_write_check(by)
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
    staff_write_check(by)
    fields: tuple[str, ...] = FOLLOW_UP_UPDATABLE_FIELDS
    values = dict(data)
    if "closed_on" not in data and data.get("status", follow_up.status) != follow_up.status:
        # As follow_up_close: a new status closes the action today, or reopens it. A caller
        # naming `closed_on` itself is refused.
        values["closed_on"] = _closed_on(data["status"])
        fields = (*fields, "closed_on")
    model_update(instance=follow_up, fields=fields, data=values, by=by, clean=_clean_follow_up)
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
    staff_write_check(by)
    follow_up.status = status
    follow_up.closed_on = _closed_on(status, closed_on)
    _clean_follow_up(follow_up)
    _set_history_user(follow_up, by)
    follow_up.save()
    return follow_up

"""Meetings: log one with the States, organizations, topics and pledges involved, and change it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import Meeting, MemberState, Organization, Term, User
from engagement.services.followups import follow_up_create

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
    unknown = set(data) - set(MEETING_FIELDS) - set(MEETING_RELATIONS)
    if unknown:
        raise ValidationError({field: [_("This field cannot be changed here.")] for field in unknown})
    for field in MEETING_FIELDS:
        if field in data:
            setattr(meeting, field, data[field])
    _clean_meeting(meeting)
    if by is not None:
        meeting._history_user = by
    meeting.save()
    _set_relations(meeting, {name: data[name] for name in MEETING_RELATIONS if name in data})
    return meeting

"""Briefing notes: one State's record as the caller may see it, assembled for one printable page.

A note reads a bounded number of queries whatever the State's history (about a dozen; a test pins
it). Every read goes through its queryset's `visible_to(user)`, so a viewer's note holds what the
API shows a viewer: no meeting notes, no talking points, no follow-up notes, no focal points' names,
and reports only on public pledges. Chatham House meetings are told without attribution: their
summary, but neither the organizations nor the other States that took part.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from engagement.history import ReadableEntry, readable_history
from engagement.models import MemberState, Organization, User, VnrEngagement
from engagement.names import collation_key
from engagement.roles import is_staff
from meetings.models import FollowUpAction, Meeting
from pledges.choices import FINAL_STATUSES
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport
from pledges.selectors import (
    milestones_for_display,
    pledges_with_disputed_latest_report,
    reports_with_verification,
    with_staleness,
)
from visits.choices import VisitStatus
from visits.models import CountryVisit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# A note is one or two printed pages: the latest meetings and visits, the next deadlines.
MEETINGS_SHOWN = 5
VISITS_SHOWN = 3
DEADLINES_SHOWN = 10


@dataclass(frozen=True)
class BriefMeeting:
    """A meeting as a note tells it: who took part (nobody under Chatham House), the summary, and the
    confidential notes for staff (empty for anyone else)."""

    pk: int
    date: dt.date
    title: str
    kind: str
    level: str
    mode: str
    chatham_house: bool
    summary: str
    notes: str  # empty unless the reader is staff
    organizations: list[str]
    other_states: list[str]


@dataclass(frozen=True)
class Deadline:
    """One dated thing ahead: a report due, a target date, a milestone, a follow-up, a visit, a meeting."""

    date: dt.date
    kind: str
    title: str


@dataclass
class StateBrief:
    """Everything one State's briefing note shows, scoped to its reader."""

    state: MemberState
    today: dt.date
    confidential: bool  # the reader is staff: talking points, meeting and follow-up notes are shown
    talking_points: str
    focal_points: list[User]
    endorsement: CtaEndorsement | None
    membership: AllianceMembership | None
    milestones: list[dict]
    vnr_engagements: list[VnrEngagement]
    visits: list[CountryVisit]
    meetings: list[BriefMeeting]
    pledges: list[Pledge]
    disputes: list[Pledge]
    follow_ups: list[FollowUpAction]
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass
class MeetingBrief:
    """A meeting's own header and one note per State it involves, in the reader's name order."""

    meeting: BriefMeeting
    states: list[MemberState]
    notes: list[StateBrief]


def brief_state(*, user: User | AnonymousUser, iso3: str) -> MemberState | None:
    """The State whose note `user` may read, with its regions; None when unknown or out of scope."""
    return (
        MemberState.objects.pages_visible_to(user)
        .select_related("region", "subregion")
        .filter(iso3=iso3.upper())
        .first()
    )


def state_brief(*, user: User, member_state: MemberState, today: dt.date) -> StateBrief:
    """One State's briefing note for `user` on `today`."""
    staff = is_staff(user)
    pledges = _pledges(user, member_state)
    with_staleness(pledges, today)
    membership = (
        AllianceMembership.objects.visible_to(user)
        .filter(member_state=member_state)
        .prefetch_related("milestones")
        .first()
    )
    milestones = milestones_for_display(membership, today) if membership else []
    visits = list(
        CountryVisit.objects.visible_to(user)
        .filter(member_state=member_state)
        .exclude(status=VisitStatus.CANCELLED)
        .order_by("-start_date", "-id")[:VISITS_SHOWN]
    )
    meetings = _meetings(user, member_state, Q(date__lte=today), ("-date", "-id"))
    upcoming = _meetings(user, member_state, Q(date__gt=today), ("date", "id"))
    follow_ups = _follow_ups(user, member_state)
    brief = StateBrief(
        state=member_state,
        today=today,
        confidential=staff,
        talking_points=member_state.talking_points if staff else "",
        focal_points=list(User.objects.focal_points_named_to(user, member_state.pk).order_by("last_name")),
        endorsement=CtaEndorsement.objects.visible_to(user).filter(member_state=member_state).first(),
        membership=membership,
        milestones=milestones,
        vnr_engagements=list(VnrEngagement.objects.visible_to(user).filter(member_state=member_state)),
        visits=visits,
        meetings=meetings,
        pledges=pledges,
        disputes=list(
            pledges_with_disputed_latest_report(
                Pledge.objects.visible_to(user).filter(member_state=member_state), user
            )
        ),
        follow_ups=follow_ups,
    )
    brief.deadlines = _deadlines(brief, upcoming, today)
    return brief


def meeting_brief(*, user: User, pk: int, today: dt.date) -> MeetingBrief | None:
    """A meeting's header and the note of each of its States; None when `user` may not see it."""
    meeting = (
        Meeting.objects.visible_to(user)
        .prefetch_related(
            _organizations(),
            Prefetch("member_states", queryset=MemberState.objects.select_related("region", "subregion")),
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        return None
    states = sorted(meeting.member_states.all(), key=lambda state: collation_key(state.local_name))
    return MeetingBrief(
        meeting=_brief_meeting(meeting, staff=is_staff(user), about=None),
        states=states,
        notes=[state_brief(user=user, member_state=state, today=today) for state in states],
    )


def talking_points_history(member_state: MemberState) -> tuple[list[ReadableEntry], int]:
    """Each change to the State's talking points (newest first, with who and when), and the id of
    its latest history record (0 without one): the version an edit starts from. One query."""
    records = list(member_state.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = [entry for entry in readable_history(records, fields=["talking_points"]) if entry.changes]
    return entries[::-1], records[-1].history_id if records else 0


# --- The parts of a note --------------------------------------------------------------------------


def _state_names():
    return MemberState.objects.only("id", "iso3", "name")


def _organizations() -> Prefetch:
    return Prefetch("organizations", queryset=Organization.objects.only("id", "name", "acronym"))


def _pledges(user: User, member_state: MemberState) -> list[Pledge]:
    """The State's pledges, open ones first, each with `last_report`: the latest report the reader
    may read (with its `verification`), or None. Two queries."""
    latest = (
        ProgressReport.objects.visible_to(user).filter(pledge=OuterRef("pk")).order_by("-created_at", "-id")
    )
    pledges = list(
        Pledge.objects.visible_to(user)
        .filter(member_state=member_state)
        .annotate(
            last_report_id=Subquery(latest.values("id")[:1]),
            closed=Case(
                When(status__in=FINAL_STATUSES, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .order_by("closed", "next_report_due", "-made_on", "id")
    )
    report_ids = [pledge.last_report_id for pledge in pledges if pledge.last_report_id]
    reports = (
        reports_with_verification(ProgressReport.objects.filter(pk__in=report_ids)).in_bulk()
        if report_ids
        else {}
    )
    for pledge in pledges:
        pledge.last_report = reports.get(pledge.last_report_id)
    return pledges


def _meetings(user: User, member_state: MemberState, when: Q, order: tuple[str, ...]) -> list[BriefMeeting]:
    """The State's meetings on one side of today, the latest (or soonest) first. Three queries."""
    rows = (
        Meeting.objects.visible_to(user)
        .filter(when, member_states=member_state)
        .prefetch_related(_organizations(), Prefetch("member_states", queryset=_state_names()))
        .order_by(*order)[:MEETINGS_SHOWN]
    )
    staff = is_staff(user)
    return [_brief_meeting(meeting, staff=staff, about=member_state) for meeting in rows]


def _brief_meeting(meeting: Meeting, *, staff: bool, about: MemberState | None) -> BriefMeeting:
    """A meeting as a note tells it; under Chatham House nobody is named beside the summary."""
    attributed = not meeting.chatham_house
    # A State's note names the other States present; a meeting's header lists them all already.
    others = [state for state in meeting.member_states.all() if state.pk != about.pk] if about else []
    return BriefMeeting(
        pk=meeting.pk,
        date=meeting.date,
        title=meeting.title,
        kind=meeting.get_kind_display(),
        level=meeting.get_level_display(),
        mode=meeting.get_mode_display(),
        chatham_house=meeting.chatham_house,
        summary=meeting.summary,
        notes=meeting.notes if staff else "",
        organizations=[str(org.acronym or org.name) for org in meeting.organizations.all()]
        if attributed
        else [],
        other_states=sorted((state.local_name for state in others), key=collation_key) if attributed else [],
    )


def _follow_ups(user: User, member_state: MemberState) -> list[FollowUpAction]:
    """Open follow-up actions on the State's meetings, visits or pledges, soonest due first. One query."""
    about_state = (
        Q(meeting__member_states=member_state)
        | Q(visit__member_state=member_state)
        | Q(pledge__member_state=member_state)
    )
    ids = FollowUpAction.objects.visible_to(user).open().filter(about_state).values("pk")
    return list(
        FollowUpAction.objects.filter(pk__in=ids)
        .select_related("assignee", "meeting", "visit", "pledge")
        .order_by("due_date", "id")
    )


def _deadlines(brief: StateBrief, upcoming: list[BriefMeeting], today: dt.date) -> list[Deadline]:
    """The next dated things, soonest first, from what the note already holds (no query)."""
    found: list[tuple[dt.date, str, str]] = []
    for pledge in brief.pledges:
        if pledge.status in FINAL_STATUSES:
            continue
        found.append((pledge.next_report_due, _("Progress report due"), pledge.title))
        found.append((pledge.target_date, _("Pledge target date"), pledge.title))
    found += [
        (m["due"], _("Pathfinding milestone due"), m["label"]) for m in brief.milestones if not m["done_on"]
    ]
    found += [(action.due_date, _("Follow-up due"), action.title) for action in brief.follow_ups]
    found += [
        (visit.start_date, _("Country visit"), f"{visit.get_kind_display()} ({visit.get_status_display()})")
        for visit in brief.visits
        if visit.status in (VisitStatus.PLANNED, VisitStatus.CONFIRMED)
    ]
    found += [(meeting.date, _("Meeting"), meeting.title) for meeting in upcoming]
    ahead = sorted((row for row in found if row[0] is not None and row[0] >= today), key=lambda row: row[0])
    return [Deadline(date=date, kind=kind, title=title) for date, kind, title in ahead[:DEADLINES_SHOWN]]

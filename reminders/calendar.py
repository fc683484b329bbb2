"""Calendar feeds: the deadlines a user's secret iCalendar address holds, and the RFC 5545 text.

What a feed holds follows the querysets' scope, as every page does:

- staff: open follow-up actions, country visits, Pathfinding milestone deadlines and the next
  report of each open pledge; with the scope `mine` only their own (follow-ups assigned to them,
  visits they own, pledges they are responsible for; Alliance memberships have no owner, so none);
- a focal point: their State's visits, milestone deadline and open pledges' reports;
- a viewer: visits and milestone deadlines (office records they read) and the reports due on
  public pledges. The address is a bearer secret that calendar services keep, so a partner's
  feed carries no internal pledge, and follow-up actions stay the Office's own to-do list.

An event's UID is its kind and row id at the site's host, so a moved date moves the event in
the subscriber's calendar and a rotated address keeps the same events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from engagement.choices import Role
from engagement.models import User
from engagement.roles import role_of
from meetings.models import FollowUpAction
from pledges.choices import FINAL_STATUSES, MembershipStatus, Visibility
from pledges.models import AllianceMembership, Pledge
from reminders.choices import CalendarScope
from reminders.messages import FOLLOW_UPS_PATH, state_path
from reminders.models import CalendarFeed
from reminders.selectors import milestone_due_date, outstanding_milestones
from visits.choices import VisitStatus
from visits.models import CountryVisit

PRODID = "-//OSRSG on Violence against Children//Engagement tracker//EN"
# Visits that ended longer ago than this leave the feed; open work stays however late it is.
VISITS_PAST_DAYS = 366
# How often calendar apps are asked to read the feed again (RFC 7986 and the de facto X- property).
REFRESH_INTERVAL = dt.timedelta(hours=6)

Absolute = Callable[[str], str]


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day entry of a feed; `end` is the day after the last one (DTEND is exclusive)."""

    kind: str
    object_id: int
    summary: str
    start: dt.date
    end: dt.date
    path: str
    category: str
    description: str = ""
    last_modified: dt.datetime | None = None
    tentative: bool = False
    busy: bool = False


def calendar_uid_domain() -> str:
    """The right side of every UID: the site's host, as the reminders' Message-IDs use it."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def calendar_uid(kind: str, object_id: int) -> str:
    """A UID that stays the same for one row and kind, whatever changes on it."""
    return f"{kind}-{object_id}@{calendar_uid_domain()}"


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed answering at `token`; None when unknown or its user is inactive or has no role."""
    if not token or len(token) > CalendarFeed._meta.get_field("token").max_length:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or role_of(feed.user) is None:
        return None
    return feed


def calendar_events(*, user: User, scope: str, today: dt.date) -> list[CalendarEvent]:
    """The events of `user`'s feed, in the active language, by date: a fixed number of queries."""
    role = role_of(user)
    if role is None:
        return []
    mine = role == Role.STAFF and scope == CalendarScope.MINE
    events = [
        *_follow_up_events(user, role=role, mine=mine),
        *_visit_events(user, role=role, mine=mine, today=today),
        *_report_due_events(user, role=role, mine=mine),
        *_milestone_events(user, mine=mine),
    ]
    return sorted(events, key=lambda event: (event.start, event.kind, event.object_id))


def _day(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _follow_up_events(user: User, *, role: str, mine: bool) -> list[CalendarEvent]:
    if role != Role.STAFF:
        return []
    follow_ups = FollowUpAction.objects.visible_to(user).open()
    if mine:
        follow_ups = follow_ups.filter(assignee=user)
    follow_ups = follow_ups.select_related(
        "assignee", "meeting", "visit__member_state", "pledge__member_state"
    )
    events = []
    for action in follow_ups.order_by("due_date", "id"):
        parent = action.meeting or action.visit or action.pledge
        lines = [_("Assigned to %(name)s.") % {"name": action.assignee.get_full_name() or action.assignee}]
        if parent is not None:
            lines.append(_("For: %(parent)s") % {"parent": parent})
        events.append(
            CalendarEvent(
                kind="follow-up",
                object_id=action.pk,
                summary=_("Follow-up due: %(title)s") % {"title": action.title},
                start=action.due_date,
                end=action.due_date + dt.timedelta(days=1),
                path=_parent_path(action),
                category=_("Follow-up action"),
                description="\n".join(lines),
            )
        )
    return events


def _parent_path(action: FollowUpAction) -> str:
    if action.meeting_id:
        return reverse("meeting-detail", args=[action.meeting_id])
    if action.visit_id:
        return reverse("visit-detail", args=[action.visit_id])
    if action.pledge_id:
        return reverse("pledge-detail", args=[action.pledge_id])
    return FOLLOW_UPS_PATH


def _visit_events(user: User, *, role: str, mine: bool, today: dt.date) -> list[CalendarEvent]:
    visits = (
        CountryVisit.objects.visible_to(user)
        .exclude(status=VisitStatus.CANCELLED)
        .filter(end_date__gte=today - dt.timedelta(days=VISITS_PAST_DAYS))
    )
    if mine:
        visits = visits.filter(owner=user)
    events = []
    for visit in visits.select_related("member_state", "owner").order_by("start_date", "id"):
        lines = [_("Status: %(status)s.") % {"status": visit.get_status_display()}]
        if role == Role.STAFF and visit.owner is not None:
            lines.append(_("Staff owner: %(name)s.") % {"name": visit.owner.get_full_name() or visit.owner})
        events.append(
            CalendarEvent(
                kind="visit",
                object_id=visit.pk,
                summary=_("%(kind)s: %(state)s")
                % {"kind": visit.get_kind_display(), "state": visit.member_state},
                start=visit.start_date,
                end=visit.end_date + dt.timedelta(days=1),
                path=reverse("visit-detail", args=[visit.pk]),
                category=_("Country visit"),
                description="\n".join(lines),
                last_modified=visit.updated_at,
                tentative=visit.status == VisitStatus.PLANNED,
                busy=visit.owner_id == user.pk,
            )
        )
    return events


def _pledges_due(user: User, *, role: str, mine: bool) -> QuerySet[Pledge]:
    """Open pledges with a next report date, as far as the feed's owner follows them."""
    if role == Role.VIEWER:
        pledges = Pledge.objects.visible_to(user).filter(visibility=Visibility.PUBLIC)
    else:
        # Staff any, a focal point only its own State's (not other States' public pledges).
        pledges = Pledge.objects.reportable_by(user)
    if mine:
        pledges = pledges.filter(responsible_staff=user)
    return pledges.exclude(status__in=FINAL_STATUSES).filter(next_report_due__isnull=False)


def _report_due_events(user: User, *, role: str, mine: bool) -> list[CalendarEvent]:
    pledges = _pledges_due(user, role=role, mine=mine).select_related("member_state")
    events = []
    for pledge in pledges.order_by("next_report_due", "id"):
        if role == Role.FOCAL_POINT:
            path = reverse("pledge-report", args=[pledge.pk])
        else:
            path = reverse("pledge-detail", args=[pledge.pk])
        description = _("Status: %(status)s, %(progress)s%% done. A report is due every %(days)s days.") % {
            "status": pledge.get_status_display(),
            "progress": pledge.progress,
            "days": pledge.reporting_interval_days,
        }
        events.append(
            CalendarEvent(
                kind="pledge-report",
                object_id=pledge.pk,
                summary=_("Progress report due: %(title)s (%(state)s)")
                % {"title": pledge.title, "state": pledge.member_state},
                start=pledge.next_report_due,
                end=pledge.next_report_due + dt.timedelta(days=1),
                path=path,
                category=_("Progress report"),
                description=description,
                last_modified=pledge.updated_at,
            )
        )
    return events


def _milestone_events(user: User, *, mine: bool) -> list[CalendarEvent]:
    if mine:
        return []
    memberships = (
        AllianceMembership.objects.visible_to(user)
        .exclude(status=MembershipStatus.INACTIVE)
        .select_related("member_state")
        .prefetch_related("milestones")
        .order_by("joined_on", "id")
    )
    events = []
    for membership in memberships:
        outstanding = outstanding_milestones(membership)
        if not outstanding:
            continue
        due = milestone_due_date(membership)
        lines = [
            _("Joined the Pathfinding Global Alliance on %(day)s; still to do:")
            % {"day": _day(membership.joined_on)},
            *(f"- {label}" for label in outstanding),
        ]
        events.append(
            CalendarEvent(
                kind="alliance-milestones",
                object_id=membership.pk,
                summary=_("Pathfinding milestones due: %(state)s") % {"state": membership.member_state},
                start=due,
                end=due + dt.timedelta(days=1),
                path=state_path(membership.member_state.iso3),
                category=_("Pathfinding milestones"),
                description="\n".join(lines),
            )
        )
    return events


# --- The iCalendar text -------------------------------------------------------------------------


def calendar_name(*, user: User, scope: str) -> str:
    """The name calendar apps show for the feed (X-WR-CALNAME and NAME)."""
    if role_of(user) == Role.STAFF and scope == CalendarScope.ALL:
        return _("OSRSG-VAC tracker: all deadlines")
    return _("OSRSG-VAC tracker: my deadlines")


def _event_component(event: CalendarEvent, *, absolute: Absolute, stamp: dt.datetime) -> icalendar.Event:
    url = absolute(event.path)
    description = f"{event.description}\n\n{url}" if event.description else url
    component = icalendar.Event.new(
        uid=calendar_uid(event.kind, event.object_id),
        summary=event.summary,
        description=description,
        start=event.start,
        end=event.end,
        stamp=stamp,
        url=url,
        categories=[event.category],
        status="TENTATIVE" if event.tentative else "CONFIRMED",
        # A deadline does not make anyone busy; a visit does for the staff member who owns it.
        transparency="OPAQUE" if event.busy else "TRANSPARENT",
    )
    if event.last_modified is not None:
        component.add("last-modified", event.last_modified.astimezone(dt.UTC).replace(microsecond=0))
    return component


def calendar_ics(*, feed: CalendarFeed, absolute: Absolute, now: dt.datetime | None = None) -> bytes:
    """The feed as an RFC 5545 calendar in its user's language; `absolute` makes a path a full URL."""
    user = feed.user
    now = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    with translation.override(user.language):
        events = calendar_events(user=user, scope=feed.scope, today=timezone.localdate(now))
        calendar = icalendar.Calendar.new(
            prodid=PRODID,
            calscale="GREGORIAN",
            method="PUBLISH",
            name=calendar_name(user=user, scope=feed.scope),
            # Stable per user: a rotated address is the same calendar to an app that is told of it.
            uid=calendar_uid("calendar", user.pk),
        )
        # RFC 7986 wants VALUE=DURATION on REFRESH-INTERVAL; Outlook and Apple read X-PUBLISHED-TTL.
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
        for event in events:
            calendar.add_component(_event_component(event, absolute=absolute, stamp=now))
    return calendar.to_ical()

"""One Member State's story: every dated event the caller may see, merged newest first.

Six queries whatever the State's history: meetings, visits, pledges, progress reports,
verifications and reminders, each read with `values()` from its own scoped queryset.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import BigIntegerField, Case, F, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.roles import focal_state_id, is_staff
from meetings.models import Meeting
from pledges.choices import PledgeStatus, Verdict
from pledges.models import Pledge, ProgressReport, ReportVerification
from reminders.choices import ReminderStatus
from reminders.models import Reminder
from visits.choices import VisitKind, VisitStatus
from visits.models import CountryVisit

if TYPE_CHECKING:
    from engagement.models import MemberState, User

# Events on the same day, oldest first, read in this order: what was planned, then what was said
# and done; the story lists them newest first, so the latest of a day comes first.
KIND_ORDER = ("meeting", "visit", "pledge", "report", "verification", "reminder")


@dataclass(frozen=True)
class StoryEvent:
    """One dated line of a State's story, with the page that tells more."""

    date: dt.date
    kind: str
    title: str
    url: str
    detail: str = ""
    order: tuple = field(default=(), compare=False, repr=False)


def state_story(*, user: User, state: MemberState) -> list[StoryEvent]:
    """Meetings (office readers), visits, pledges, reports, verdicts and reminders (staff), newest first.

    A focal point reads only its own State's story, and never meetings or reminders.
    """
    if focal_state_id(user) not in (None, state.pk):
        return []
    events = [
        *_meetings(user, state),
        *_visits(user, state),
        *_pledges(user, state),
        *_reports(user, state),
        *_verifications(user, state),
        *(_reminders(state) if is_staff(user) else []),
    ]
    return sorted(events, key=lambda event: event.order, reverse=True)


def _event(date: dt.date, kind: str, pk: int, title: str, url: str, detail: str = "") -> StoryEvent:
    order = (date, KIND_ORDER.index(kind), pk)
    return StoryEvent(date=date, kind=kind, title=title, url=url, detail=detail, order=order)


def _meetings(user: User, state: MemberState) -> list[StoryEvent]:
    rows = Meeting.objects.visible_to(user).filter(member_states=state).values("pk", "date", "title")
    return [
        _event(row["date"], "meeting", row["pk"], row["title"], reverse("meeting-detail", args=[row["pk"]]))
        for row in rows
    ]


def _visits(user: User, state: MemberState) -> list[StoryEvent]:
    rows = (
        CountryVisit.objects.visible_to(user)
        .filter(member_state=state)
        .values("pk", "start_date", "end_date", "kind", "status")
    )
    return [
        _event(
            row["start_date"],
            "visit",
            row["pk"],
            str(VisitKind(row["kind"]).label),
            reverse("visit-detail", args=[row["pk"]]),
            str(VisitStatus(row["status"]).label),
        )
        for row in rows
    ]


def _pledges(user: User, state: MemberState) -> list[StoryEvent]:
    rows = Pledge.objects.visible_to(user).filter(member_state=state).values("pk", "made_on", "title")
    return [
        _event(
            row["made_on"],
            "pledge",
            row["pk"],
            _("Pledge made: %(title)s") % {"title": row["title"]},
            reverse("pledge-detail", args=[row["pk"]]),
        )
        for row in rows
    ]


def _reports(user: User, state: MemberState) -> list[StoryEvent]:
    rows = (
        ProgressReport.objects.visible_to(user)
        .filter(pledge__member_state=state)
        .values("pk", "created_at", "status", "progress", "pledge_id", "pledge__title")
    )
    return [
        _event(
            timezone.localdate(row["created_at"]),
            "report",
            row["pk"],
            _("Progress report on %(title)s") % {"title": row["pledge__title"]},
            f"{reverse('pledge-detail', args=[row['pledge_id']])}#report-{row['pk']}",
            f"{PledgeStatus(row['status']).label} · {row['progress']} %",
        )
        for row in rows
    ]


def _verifications(user: User, state: MemberState) -> list[StoryEvent]:
    rows = (
        ReportVerification.objects.visible_to(user)
        .filter(report__pledge__member_state=state)
        .values(
            "pk", "created_at", "verdict", "note", "report_id", "report__pledge_id", "report__pledge__title"
        )
    )
    titles = {
        Verdict.VERIFIED: _("Report verified on %(title)s"),
        Verdict.DISPUTED: _("Report disputed on %(title)s"),
    }
    return [
        _event(
            timezone.localdate(row["created_at"]),
            "verification",
            row["pk"],
            titles[row["verdict"]] % {"title": row["report__pledge__title"]},
            f"{reverse('pledge-detail', args=[row['report__pledge_id']])}#report-{row['report_id']}",
            row["note"],
        )
        for row in rows
    ]


def _reminders(state: MemberState) -> list[StoryEvent]:
    """Reminders sent about the State's pledges: report due dates, escalations and disputes."""
    # Content types by name in the same query: the ContentType cache would make the count vary.
    pledge_ids = Pledge.objects.filter(member_state=state).values("pk")
    verification_ids = ReportVerification.objects.filter(report__pledge__member_state=state).values("pk")
    about_state = Q(
        content_type__app_label="pledges", content_type__model="pledge", object_id__in=pledge_ids
    ) | Q(
        content_type__app_label="pledges",
        content_type__model="reportverification",
        object_id__in=verification_ids,
    )
    # Each reminder links to the pledge it is about (a dispute's: the disputed report's pledge).
    disputed_pledge = ReportVerification.objects.filter(pk=OuterRef("object_id")).values("report__pledge_id")[
        :1
    ]
    rows = (
        Reminder.objects.filter(about_state, status=ReminderStatus.SENT)
        .annotate(
            pledge_id=Case(
                When(content_type__model="pledge", then=F("object_id")),
                default=Subquery(disputed_pledge),
                output_field=BigIntegerField(),
            )
        )
        .values("pk", "sent_at", "subject", "recipient_email", "pledge_id")
    )
    return [
        _event(
            timezone.localdate(row["sent_at"]),
            "reminder",
            row["pk"],
            row["subject"],
            reverse("pledge-detail", args=[row["pledge_id"]]),
            _("sent to %(email)s") % {"email": row["recipient_email"]},
        )
        for row in rows
    ]

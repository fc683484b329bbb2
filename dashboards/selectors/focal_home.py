"""A focal point's home: what is due from them for their State, then the State's record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from dashboards.selectors.state_page import state_page
from engagement.models import User
from pledges.choices import FINAL_STATUSES
from pledges.models import Pledge
from pledges.selectors import pledges_with_disputed_latest_report
from reminders.selectors import pledges_due_soon, pledges_overdue

# The home lists this many deadlines after the reports and milestones already due.
NEXT_DEADLINES_SHOWN = 5


def focal_home(*, user: User, today: dt.date) -> dict[str, Any] | None:
    """What is due from a focal point's State, and the State page's content; None for other callers.

    "Due" is the reminders' rule (`pledges_overdue`, `pledges_due_soon`): the home says what the
    reminders and the weekly digest say, never a second reckoning.
    """
    state_id = user.member_state_id
    record = state_page(user=user, iso3=user.member_state.iso3)
    if record is None:
        return None
    overdue = list(pledges_overdue(today=today, member_state_id=state_id))
    due_soon = list(pledges_due_soon(today=today, member_state_id=state_id))
    disputed = list(
        pledges_with_disputed_latest_report(
            Pledge.objects.visible_to(user).filter(member_state_id=state_id), user
        )
    )
    milestones = [milestone for milestone in record["milestones"] if milestone["done_on"] is None]
    return {
        **record,
        "overdue": overdue,
        "due_soon": due_soon,
        "disputed": disputed,
        "milestones_outstanding": milestones,
        "next_deadlines": next_deadlines(
            record["pledges"],
            milestones,
            after=today + dt.timedelta(days=settings.REMINDER_DIGEST_AHEAD_DAYS),
        ),
        "ahead_days": settings.REMINDER_DIGEST_AHEAD_DAYS,
        "nothing_due": not (overdue or due_soon or disputed or milestones),
    }


def next_deadlines(pledges: list[Pledge], milestones: list[dict], *, after: dt.date) -> list[dict]:
    """The next dates past the due-soon window: reports, pledge target dates and milestones (no query)."""
    deadlines = []
    for pledge in pledges:
        if pledge.status in FINAL_STATUSES:
            continue
        url = reverse("pledge-detail", args=[pledge.pk])
        if pledge.next_report_due and pledge.next_report_due > after:
            deadlines.append(
                {"date": pledge.next_report_due, "what": _("Report due"), "title": pledge.title, "url": url}
            )
        if pledge.target_date and pledge.target_date > after:
            deadlines.append(
                {"date": pledge.target_date, "what": _("Target date"), "title": pledge.title, "url": url}
            )
    # The five milestones share one due date: one deadline for those not done.
    if milestones and milestones[0]["due"] > after:
        title = _("Pathfinding milestones (%(count)s not done)") % {"count": len(milestones)}
        deadlines.append(
            {"date": milestones[0]["due"], "what": _("Milestones due"), "title": title, "url": "#milestones"}
        )
    return sorted(deadlines, key=lambda deadline: deadline["date"])[:NEXT_DEADLINES_SHOWN]

"""What a reminder says: subject, body (plain text and HTML) and links, in the recipient's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy

from engagement.models import User
from meetings.models import FollowUpAction
from pledges.selectors import report_before, reports_without_verdict
from reminders import selectors as due
from reminders.choices import ReminderRule
from reminders.models import Reminder
from reminders.schedule import Candidate

DIGEST_LIMIT = 50  # rows per digest section; the link leads to the rest.


def site_link(path: str) -> str:
    """An absolute link to a page of the web application."""
    return f"{settings.SITE_URL}{path}"


def pledge_path(pledge_id: int) -> str:
    return f"/pledges/{pledge_id}/"


def pledge_report_path(pledge_id: int) -> str:
    return f"/pledges/{pledge_id}/report/"


FOLLOW_UPS_PATH = "/follow-ups/"
VERIFICATION_PATH = "/verification/"
UNDELIVERED_PATH = "/reminders/undelivered/"


def verification_row_path(report_id: int) -> str:
    return f"{VERIFICATION_PATH}#report-{report_id}"


def visit_path(visit_id: int) -> str:
    return f"/visits/{visit_id}/"


def vnr_board_path(hlpf_year: int) -> str:
    return f"/vnr/{hlpf_year}/"


def state_path(iso3: str) -> str:
    return f"/states/{iso3}/"


def _date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# Subject lines by (rule, step); the empty step is the rule's default.
SUBJECTS = {
    (ReminderRule.PLEDGE_REPORT_DUE, "before"): gettext_lazy("Progress report due on %(date)s: %(title)s"),
    (ReminderRule.PLEDGE_REPORT_DUE, "due"): gettext_lazy("Progress report due today: %(title)s"),
    (ReminderRule.PLEDGE_REPORT_DUE, ""): gettext_lazy("Progress report overdue since %(date)s: %(title)s"),
    (ReminderRule.PLEDGE_REPORT_ESCALATION, ""): gettext_lazy(
        "No progress report after three reminders: %(title)s (%(state)s)"
    ),
    (ReminderRule.FOLLOW_UP_DUE, "day_before"): gettext_lazy("Follow-up due tomorrow: %(title)s"),
    (ReminderRule.FOLLOW_UP_DUE, ""): gettext_lazy("Follow-up overdue: %(title)s"),
    (ReminderRule.VISIT_FOLLOW_UP, ""): gettext_lazy("Visit follow-up: %(state)s, %(date)s"),
    (ReminderRule.VNR_OUTREACH, ""): gettext_lazy("VNR %(year)s outreach not yet sent: %(title)s"),
    (ReminderRule.MILESTONE_DUE, "before"): gettext_lazy("Pathfinding milestones due on %(date)s: %(state)s"),
    (ReminderRule.MILESTONE_DUE, ""): gettext_lazy(
        "Pathfinding milestones overdue since %(date)s: %(state)s"
    ),
    (ReminderRule.WEEKLY_DIGEST, ""): gettext_lazy("Your weekly digest: week of %(date)s"),
    (ReminderRule.REPORT_DISPUTED, ""): gettext_lazy("Your progress report was disputed: %(title)s"),
    (ReminderRule.REPORT_RECEIVED, ""): gettext_lazy("New progress report to verify: %(title)s (%(state)s)"),
}

SUBJECT_PARAMS = {
    ReminderRule.PLEDGE_REPORT_DUE: lambda pledge: {"title": pledge.title, "state": pledge.member_state},
    ReminderRule.PLEDGE_REPORT_ESCALATION: lambda pledge: {
        "title": pledge.title,
        "state": pledge.member_state,
    },
    ReminderRule.FOLLOW_UP_DUE: lambda action: {"title": action.title},
    ReminderRule.VISIT_FOLLOW_UP: lambda visit: {"state": visit.member_state},
    ReminderRule.VNR_OUTREACH: lambda vnr: {"year": vnr.hlpf_year, "title": vnr.presenter},
    ReminderRule.MILESTONE_DUE: lambda membership: {"state": membership.member_state},
    ReminderRule.WEEKLY_DIGEST: lambda user: {},
    ReminderRule.REPORT_DISPUTED: lambda verification: {"title": verification.report.pledge.title},
    ReminderRule.REPORT_RECEIVED: lambda report: {
        "title": report.pledge.title,
        "state": report.pledge.member_state,
    },
}


def subject_line(*, rule: str, subject: Any, step: str, due_date: dt.date, language: str) -> str:
    """A reminder's subject line in the recipient's language, as it is stored in the log."""
    template = SUBJECTS.get((rule, step)) or SUBJECTS[(rule, "")]
    with translation.override(language):
        params = {"date": _date(due_date), **SUBJECT_PARAMS[rule](subject)}
        return (str(template) % {key: str(value) for key, value in params.items()})[:300]


def candidate_subject(candidate: Candidate) -> str:
    """A candidate's subject line in its recipient's language."""
    return subject_line(
        rule=candidate.rule,
        subject=candidate.subject,
        step=candidate.step,
        due_date=candidate.due_date,
        language=candidate.recipient.language,
    )


def subject_querysets() -> list[QuerySet]:
    """How each kind of reminder subject is read for its message: with what its template shows."""
    from engagement.models import VnrEngagement
    from meetings.models import FollowUpAction
    from pledges.models import AllianceMembership, Pledge, ProgressReport, ReportVerification
    from visits.models import CountryVisit

    return [
        Pledge.objects.select_related("member_state"),
        FollowUpAction.objects.select_related("meeting", "visit__member_state", "pledge__member_state"),
        CountryVisit.objects.select_related("member_state").prefetch_related(
            Prefetch("pledges", queryset=Pledge.objects.order_by("id"))
        ),
        VnrEngagement.objects.select_related("member_state", "organization"),
        AllianceMembership.objects.select_related("member_state").prefetch_related("milestones"),
        User.objects.select_related("member_state"),
        ReportVerification.objects.select_related("report__pledge__member_state"),
        ProgressReport.objects.select_related("pledge__member_state", "author"),
    ]


def reminders_to_render(reminder_ids: Iterable[int]) -> list[Reminder]:
    """Reminders by id, in id order, with their recipients and subjects read in a few queries (one
    per kind of subject), ready for `reminder_email` without a query each."""
    return list(
        Reminder.objects.filter(pk__in=list(reminder_ids))
        .select_related("recipient__member_state", "content_type")
        .prefetch_related(GenericPrefetch("subject_object", subject_querysets()))
        .order_by("pk")
    )


def reminder_email(reminder: Reminder, *, shared: dict | None = None) -> EmailMultiAlternatives:
    """The e-mail for a reminder, rendered now in the recipient's language, with a stable Message-ID.

    `shared` keeps what several messages of one batch read alike (a digest's lists for all staff,
    or for one State's focal points), so a batch queries them once.
    """
    recipient = reminder.recipient
    shared = {} if shared is None else shared
    with translation.override(recipient.language):
        context = {
            "reminder": reminder,
            "recipient": recipient,
            "subject_line": reminder.subject,
            "step": reminder.step,
            "due_date": reminder.due_date,
            "site_url": settings.SITE_URL,
            **CONTEXTS[reminder.rule](reminder.subject_object, reminder, shared),
        }
        text = render_to_string(f"email/{reminder.rule}.txt", context)
        html = render_to_string(f"email/{reminder.rule}.html", context)
    # A resend carries the same Message-ID, so mail clients fold a duplicate into the original.
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=text,
        to=[reminder.recipient_email],
        headers={
            "Message-ID": f"<reminder-{reminder.pk}@{domain}>",
            "X-Reminder-Rule": reminder.rule,
            "Content-Language": recipient.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _pledge_context(pledge, reminder: Reminder, shared: dict) -> dict[str, Any]:
    return {
        "pledge": pledge,
        "state": pledge.member_state,
        "days_overdue": max((timezone.localdate() - reminder.due_date).days, 0),
        "action_url": site_link(pledge_report_path(pledge.pk)),
        "pledge_url": site_link(pledge_path(pledge.pk)),
    }


def _escalation_context(pledge, reminder: Reminder, shared: dict) -> dict[str, Any]:
    # Staff act on the pledge page (contact the State), not on the report form.
    return {**_pledge_context(pledge, reminder, shared), "action_url": site_link(pledge_path(pledge.pk))}


def _follow_up_context(action, reminder: Reminder, shared: dict) -> dict[str, Any]:
    return {
        "action": action,
        "parent": action.meeting or action.visit or action.pledge,
        "action_url": site_link(FOLLOW_UPS_PATH),
    }


def _visit_context(visit, reminder: Reminder, shared: dict) -> dict[str, Any]:
    return {
        "visit": visit,
        "pledges": _visit_pledges(visit),
        "action_url": site_link(visit_path(visit.pk)),
    }


def _visit_pledges(visit) -> list:
    """The visit's commitments in id order: from the batch's prefetch when there is one."""
    if "pledges" in getattr(visit, "_prefetched_objects_cache", {}):
        return list(visit.pledges.all())
    return list(visit.pledges.order_by("id"))


def _vnr_context(engagement, reminder: Reminder, shared: dict) -> dict[str, Any]:
    return {"engagement": engagement, "action_url": site_link(vnr_board_path(engagement.hlpf_year))}


def _milestone_context(membership, reminder: Reminder, shared: dict) -> dict[str, Any]:
    return {
        "membership": membership,
        "state": membership.member_state,
        "outstanding": due.outstanding_milestones(membership),
        "action_url": site_link(state_path(membership.member_state.iso3)),
    }


def _digest_context(user: User, reminder: Reminder, shared: dict) -> dict[str, Any]:
    today = reminder.due_date
    state_id = None if user.is_staff else user.member_state_id
    context = {
        **_cached(shared, ("digest_pledges", today, state_id), lambda: _digest_pledges(today, state_id)),
        "ahead_days": settings.REMINDER_DIGEST_AHEAD_DAYS,
        "follow_ups_overdue": [],
        "follow_ups_due_soon": [],
        "action_url": site_link(state_path(user.member_state.iso3) if state_id else "/"),
        "can_opt_out": not user.is_staff,
    }
    if user.is_staff:
        context.update(
            _cached(shared, ("digest_follow_ups", today, user.pk), lambda: _digest_follow_ups(today, user))
        )
        context["follow_ups_url"] = site_link(FOLLOW_UPS_PATH)
        context.update(_cached(shared, ("digest_office",), _digest_office))
    return context


def digests_prepare(reminders: list[Reminder], shared: dict) -> None:
    """Read, for all the weekly digests of a batch at once, what each one lists: the pledge lists
    of each focal point's State and each staff member's follow-ups, a few queries for the batch
    (one per list, each State's or assignee's first DIGEST_LIMIT rows and its count by window).
    """
    digests = [reminder for reminder in reminders if reminder.rule == ReminderRule.WEEKLY_DIGEST]
    for today in {reminder.due_date for reminder in digests}:
        users = [reminder.recipient for reminder in digests if reminder.due_date == today]
        # What an earlier batch of the same sweep read already is not read again.
        states = {
            user.member_state_id
            for user in users
            if not user.is_staff
            and user.member_state_id
            and ("digest_pledges", today, user.member_state_id) not in shared
        }
        staff = {
            user.pk for user in users if user.is_staff and ("digest_follow_ups", today, user.pk) not in shared
        }
        if states:
            _prepare_state_pledges(shared, today, states)
        if staff:
            _prepare_follow_ups(shared, today, staff)


def digests_prepare_for(reminder_ids: list[int], shared: dict) -> None:
    """`digests_prepare` for the weekly digests among all the reminders of a sweep at once, before
    they are read batch by batch: one query finds the digests' recipients, so each list is read in
    one query for the whole sweep, not once per batch holding digests.
    """
    if not reminder_ids:
        return
    digests = (
        Reminder.objects.filter(rule=ReminderRule.WEEKLY_DIGEST, pk__in=reminder_ids)
        .select_related("recipient")
        .only("pk", "rule", "due_date", "recipient__is_staff", "recipient__member_state")
    )
    digests_prepare(list(digests), shared)


def _first_rows(queryset: QuerySet, *, by: str, keys: set, order: list[str]) -> dict[Any, tuple[list, int]]:
    """For each key of `by`, its first DIGEST_LIMIT rows in `order` and how many there are."""
    ordering = [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in order]
    rows = (
        queryset.filter(**{f"{by}__in": keys})
        .annotate(
            row_number=Window(RowNumber(), partition_by=[F(by)], order_by=ordering),
            row_total=Window(Count("pk"), partition_by=[F(by)]),
        )
        .filter(row_number__lte=DIGEST_LIMIT)
        .order_by(by, "row_number")
    )
    grouped: dict[Any, tuple[list, int]] = {key: ([], 0) for key in keys}
    for row in rows:
        listed, _total = grouped[getattr(row, by)]
        listed.append(row)
        grouped[getattr(row, by)] = (listed, row.row_total)
    return grouped


# What a digest's lists show of each row (templates/email/weekly_digest.*): the batch reads no more,
# since a sweep's digests list thousands of rows.
DIGEST_PLEDGE_FIELDS = ("id", "title", "next_report_due", "member_state", "member_state__iso3")
DIGEST_FOLLOW_UP_FIELDS = ("id", "title", "due_date", "assignee")


def _prepare_state_pledges(shared: dict, today: dt.date, states: set[int]) -> None:
    order = ["next_report_due", "id"]
    overdue, due_soon = (
        _first_rows(
            pledges.select_related(None).select_related("member_state").only(*DIGEST_PLEDGE_FIELDS),
            by="member_state_id",
            keys=states,
            order=order,
        )
        for pledges in (due.pledges_overdue(today=today), due.pledges_due_soon(today=today))
    )
    for state_id in states:
        (overdue_rows, overdue_count), (soon_rows, soon_count) = overdue[state_id], due_soon[state_id]
        shared[("digest_pledges", today, state_id)] = {
            "overdue": [(pledge, site_link(pledge_path(pledge.pk))) for pledge in overdue_rows],
            "overdue_count": overdue_count,
            "due_soon": [(pledge, site_link(pledge_path(pledge.pk))) for pledge in soon_rows],
            "due_soon_count": soon_count,
        }


def _prepare_follow_ups(shared: dict, today: dt.date, staff: set[int]) -> None:
    ahead = today + dt.timedelta(days=settings.REMINDER_DIGEST_AHEAD_DAYS)
    order = ["due_date", "id"]
    overdue, due_soon = (
        _first_rows(
            actions.select_related(None).only(*DIGEST_FOLLOW_UP_FIELDS),
            by="assignee_id",
            keys=staff,
            order=order,
        )
        for actions in (
            FollowUpAction.objects.overdue(today),
            due.follow_ups_due_between(first=today, last=ahead),
        )
    )
    for user_id in staff:
        shared[("digest_follow_ups", today, user_id)] = {
            "follow_ups_overdue": overdue[user_id][0],
            "follow_ups_due_soon": due_soon[user_id][0],
        }


def _cached(shared: dict, key: tuple, make) -> Any:
    """`make()`, once per batch for a key: what many messages of a batch show alike."""
    if key not in shared:
        shared[key] = make()
    return shared[key]


def _digest_pledges(today: dt.date, state_id: int | None) -> dict[str, Any]:
    """A digest's pledge lists: all States' for staff, one State's for its focal points."""
    overdue = due.pledges_overdue(today=today, member_state_id=state_id)
    due_soon = due.pledges_due_soon(today=today, member_state_id=state_id)
    return {
        "overdue": [(pledge, site_link(pledge_path(pledge.pk))) for pledge in overdue[:DIGEST_LIMIT]],
        "overdue_count": overdue.count(),
        "due_soon": [(pledge, site_link(pledge_path(pledge.pk))) for pledge in due_soon[:DIGEST_LIMIT]],
        "due_soon_count": due_soon.count(),
    }


def _digest_follow_ups(today: dt.date, user: User) -> dict[str, Any]:
    """A staff member's own follow-up actions, overdue and due soon."""
    return {
        "follow_ups_overdue": list(due.follow_ups_overdue(today=today, assignee=user)[:DIGEST_LIMIT]),
        "follow_ups_due_soon": list(due.follow_ups_due_soon(today=today, assignee=user)[:DIGEST_LIMIT]),
    }


def _digest_office() -> dict[str, Any]:
    """What every staff digest shows of the Office's queues: reports to verify, undelivered reminders."""
    waiting = reports_without_verdict().select_related("pledge__member_state")
    undelivered = due.undelivered_reminders()
    return {
        "reports_waiting": [
            (report, site_link(verification_row_path(report.pk))) for report in waiting[:DIGEST_LIMIT]
        ],
        "reports_waiting_count": waiting.count(),
        "verification_url": site_link(VERIFICATION_PATH),
        "undelivered": list(undelivered[:DIGEST_LIMIT]),
        "undelivered_count": undelivered.count(),
        "undelivered_url": site_link(UNDELIVERED_PATH),
    }


def _disputed_context(verification, reminder: Reminder, shared: dict) -> dict[str, Any]:
    pledge = verification.report.pledge
    return {
        "verification": verification,
        "report": verification.report,
        "pledge": pledge,
        "action_url": site_link(pledge_report_path(pledge.pk)),
        "pledge_url": site_link(pledge_path(pledge.pk)),
    }


def _received_context(report, reminder: Reminder, shared: dict) -> dict[str, Any]:
    return {
        "report": report,
        "previous": report_before(report),
        "pledge": report.pledge,
        "state": report.pledge.member_state,
        "author": report.author,
        "action_url": site_link(verification_row_path(report.pk)),
        "pledge_url": site_link(pledge_path(report.pledge_id)),
    }


CONTEXTS = {
    ReminderRule.PLEDGE_REPORT_DUE: _pledge_context,
    ReminderRule.PLEDGE_REPORT_ESCALATION: _escalation_context,
    ReminderRule.FOLLOW_UP_DUE: _follow_up_context,
    ReminderRule.VISIT_FOLLOW_UP: _visit_context,
    ReminderRule.VNR_OUTREACH: _vnr_context,
    ReminderRule.MILESTONE_DUE: _milestone_context,
    ReminderRule.WEEKLY_DIGEST: _digest_context,
    ReminderRule.REPORT_DISPUTED: _disputed_context,
    ReminderRule.REPORT_RECEIVED: _received_context,
}

"""What a reminder says: subject, body (plain text and HTML) and links, in the recipient's language."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy

from engagement.models import User
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


def reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    """The e-mail for a reminder, rendered now in the recipient's language, with a stable Message-ID."""
    recipient = reminder.recipient
    with translation.override(recipient.language):
        context = {
            "reminder": reminder,
            "recipient": recipient,
            "subject_line": reminder.subject,
            "step": reminder.step,
            "due_date": reminder.due_date,
            "site_url": settings.SITE_URL,
            **CONTEXTS[reminder.rule](reminder.subject_object, reminder),
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


def _pledge_context(pledge, reminder: Reminder) -> dict[str, Any]:
    return {
        "pledge": pledge,
        "state": pledge.member_state,
        "days_overdue": max((timezone.localdate() - reminder.due_date).days, 0),
        "action_url": site_link(pledge_report_path(pledge.pk)),
        "pledge_url": site_link(pledge_path(pledge.pk)),
    }


def _escalation_context(pledge, reminder: Reminder) -> dict[str, Any]:
    # Staff act on the pledge page (contact the State), not on the report form.
    return {**_pledge_context(pledge, reminder), "action_url": site_link(pledge_path(pledge.pk))}


def _follow_up_context(action, reminder: Reminder) -> dict[str, Any]:
    return {
        "action": action,
        "parent": action.meeting or action.visit or action.pledge,
        "action_url": site_link(FOLLOW_UPS_PATH),
    }


def _visit_context(visit, reminder: Reminder) -> dict[str, Any]:
    return {
        "visit": visit,
        "pledges": list(visit.pledges.order_by("id")),
        "action_url": site_link(visit_path(visit.pk)),
    }


def _vnr_context(engagement, reminder: Reminder) -> dict[str, Any]:
    return {"engagement": engagement, "action_url": site_link(vnr_board_path(engagement.hlpf_year))}


def _milestone_context(membership, reminder: Reminder) -> dict[str, Any]:
    return {
        "membership": membership,
        "state": membership.member_state,
        "outstanding": due.outstanding_milestones(membership),
        "action_url": site_link(state_path(membership.member_state.iso3)),
    }


def _digest_context(user: User, reminder: Reminder) -> dict[str, Any]:
    today = reminder.due_date
    state_id = None if user.is_staff else user.member_state_id
    overdue = due.pledges_overdue(today=today, member_state_id=state_id)
    due_soon = due.pledges_due_soon(today=today, member_state_id=state_id)
    context = {
        "overdue": [(pledge, site_link(pledge_path(pledge.pk))) for pledge in overdue[:DIGEST_LIMIT]],
        "overdue_count": overdue.count(),
        "due_soon": [(pledge, site_link(pledge_path(pledge.pk))) for pledge in due_soon[:DIGEST_LIMIT]],
        "due_soon_count": due_soon.count(),
        "ahead_days": settings.REMINDER_DIGEST_AHEAD_DAYS,
        "follow_ups_overdue": [],
        "follow_ups_due_soon": [],
        "action_url": site_link(state_path(user.member_state.iso3) if state_id else "/"),
        "can_opt_out": not user.is_staff,
    }
    if user.is_staff:
        context["follow_ups_overdue"] = list(
            due.follow_ups_overdue(today=today, assignee=user)[:DIGEST_LIMIT]
        )
        context["follow_ups_due_soon"] = list(
            due.follow_ups_due_soon(today=today, assignee=user)[:DIGEST_LIMIT]
        )
        context["follow_ups_url"] = site_link(FOLLOW_UPS_PATH)
        waiting = reports_without_verdict().select_related("pledge__member_state")
        context["reports_waiting"] = [
            (report, site_link(verification_row_path(report.pk))) for report in waiting[:DIGEST_LIMIT]
        ]
        context["reports_waiting_count"] = waiting.count()
        context["verification_url"] = site_link(VERIFICATION_PATH)
        undelivered = due.undelivered_reminders()
        context["undelivered"] = list(undelivered[:DIGEST_LIMIT])
        context["undelivered_count"] = undelivered.count()
        context["undelivered_url"] = site_link(UNDELIVERED_PATH)
    return context


def _disputed_context(verification, reminder: Reminder) -> dict[str, Any]:
    pledge = verification.report.pledge
    return {
        "verification": verification,
        "report": verification.report,
        "pledge": pledge,
        "action_url": site_link(pledge_report_path(pledge.pk)),
        "pledge_url": site_link(pledge_path(pledge.pk)),
    }


def _received_context(report, reminder: Reminder) -> dict[str, Any]:
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

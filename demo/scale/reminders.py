"""Scale rows for the reminder log: the messages already sent for past report cycles and actions."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from demo.scale.context import SeedContext
from demo.scale.plan import Draws
from demo.scale.writer import write_rows
from meetings.choices import FollowUpStatus
from meetings.models import FollowUpAction
from pledges.models import Pledge
from reminders.choices import ReminderRule, ReminderStatus
from reminders.models import Reminder

REMINDER_COLUMNS = [
    "rule",
    "content_type_id",
    "object_id",
    "due_date",
    "step",
    "recipient_id",
    "recipient_email",
    "subject",
    "status",
    "tries",
    "sent_at",
    "created_at",
]
ADVANCE_DAYS = 14


def _reasons(context: SeedContext) -> list[tuple]:
    """Every past reason a reminder went out for: (rule, kind, object, due date, recipient, e-mail)."""
    as_of = context.plan.as_of
    reasons = []
    for pledge, state, due_dates in context.pledge_cycles:
        recipients = context.focal_points.get(state, [])
        for due in sorted(set(due_dates)):
            if due - dt.timedelta(days=ADVANCE_DAYS) > as_of:
                continue
            for recipient, email in recipients:
                reasons.append((ReminderRule.PLEDGE_REPORT_DUE, "pledge", pledge, due, recipient, email))
    for follow_up, due, status, assignee in context.follow_ups:
        if due <= as_of and status != FollowUpStatus.CANCELLED:
            email = context.staff_email(assignee)
            reasons.append((ReminderRule.FOLLOW_UP_DUE, "follow_up", follow_up, due, assignee, email))
    return reasons


def seed_reminders(context: SeedContext) -> int:
    """A seeded sample of the past reasons, each recorded once (the log's unique reason holds)."""
    plan = context.plan
    draws = Draws(plan.seed, "reminders")
    reasons = _reasons(context)
    wanted = min(plan.count("reminders"), len(reasons))
    chosen = sorted(draws.random.sample(range(len(reasons)), wanted))
    kinds = {
        "pledge": ContentType.objects.get_for_model(Pledge).pk,
        "follow_up": ContentType.objects.get_for_model(FollowUpAction).pk,
    }

    def rows():
        for index in chosen:
            rule, kind, pk, due, recipient, email = reasons[index]
            sent = dt.datetime.combine(due - dt.timedelta(days=ADVANCE_DAYS), dt.time(6), tzinfo=dt.UTC)
            failed = draws.random.random() < 0.01
            status = ReminderStatus.FAILED if failed else ReminderStatus.SENT
            subject = f"{rule.label}: {kind.replace('_', ' ')} {pk}, due {due:%Y-%m-%d}"
            yield (
                rule,
                kinds[kind],
                pk,
                due,
                "",
                recipient,
                email,
                subject,
                status,
                1,
                None if failed else sent,
                sent,
            )

    return write_rows(Reminder, REMINDER_COLUMNS, rows(), now=plan.now)

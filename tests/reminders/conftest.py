"""Helpers for the reminder tests: a sweep on a frozen day, its reasons, and one recorded or made reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from meetings.models import Meeting
from reminders.choices import ReminderRule
from reminders.models import Reminder
from reminders.recording import reminders_record, reminders_sweep
from reminders.schedule import Candidate
from tests.factories import MeetingFactory, PledgeFactory, state

Reason = tuple[str, str, str]  # (rule, recipient username, step)


def at(day: dt.date) -> time_machine.travel:
    """Freeze time at 06:00 UTC on `day`, the hour of the beat's daily sweep."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC), tick=False)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks) -> Callable[[dt.date], set[Reason]]:
    """Run the daily sweep on a given day, sending in process; returns the new reminders' reasons."""

    def run(day: dt.date) -> set[Reason]:
        with at(day), django_capture_on_commit_callbacks(execute=True):
            recorded = reminders_sweep()
        return {(reminder.rule, reminder.recipient.username, reminder.step) for reminder in recorded}

    return run


@pytest.fixture
def calendar(sweep) -> Callable[[dt.date, dt.date], dict[dt.date, set[Reason]]]:
    """Sweep every day from `first` to `last`; returns the days that produced reminders of `rules`."""

    def run(first: dt.date, last: dt.date, *, rules: tuple[str, ...]) -> dict[dt.date, set[Reason]]:
        produced = {}
        day = first
        while day <= last:
            if reasons := {reason for reason in sweep(day) if reason[0] in rules}:
                produced[day] = reasons
            day += dt.timedelta(days=1)
        return produced

    return run


def sent_to(username: str) -> list[Reminder]:
    return list(Reminder.objects.filter(recipient__username=username).order_by("id"))


@pytest.fixture
def reminder(focal_ken) -> Reminder:
    """A recorded, not yet sent, pledge reminder to Kamau (recording queues nothing here)."""
    pledge = PledgeFactory(member_state=state("KEN"), next_report_due=dt.date(2025, 5, 8))
    candidate = Candidate(
        ReminderRule.PLEDGE_REPORT_DUE,
        pledge,
        pledge.next_report_due,
        "due",
        focal_ken,
        pledge.member_state_id,
    )
    [recorded] = reminders_record([candidate], dispatch=lambda reminder_id: None)
    return recorded


def make_reminder(recipient, *, subject: str = "Your pledge report is due", **fields) -> Reminder:
    """A reminder row addressed to `recipient` (about a meeting: the reason does not matter here)."""
    meeting = MeetingFactory()
    return Reminder.objects.create(
        rule=fields.pop("rule", "pledge_report_due"),
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting.pk,
        due_date=fields.pop("due_date", "2025-05-08"),
        recipient=recipient,
        recipient_email=recipient.email,
        subject=subject,
        **fields,
    )

"""Helpers for the reminder tests: a sweep on a frozen day, its reasons, one recorded or made reminder,
and an SMTP server that can refuse or hold messages on demand."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from config.celery import app as celery_app
from meetings.models import Meeting
from reminders.choices import ReminderRule
from reminders.models import Reminder
from reminders.recording import reminders_record, reminders_sweep
from reminders.schedule import Candidate
from tests.factories import MeetingFactory, PledgeFactory, state
from tests.fixtures.services import (
    CeleryWorkers,
    CollectingHandler,
    SmtpServer,
    database_url_of_tests,
    reachable_redis_url,
)
from tests.reminders.faults import FAULT_ENV, Beats

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


class FaultHandler(CollectingHandler):
    """The collecting handler, plus faults on demand: answer RCPT or DATA with a given reply (a 4xx or
    5xx), or hold every RCPT until released (a worker waits there after claiming, before DATA)."""

    def __init__(self) -> None:
        super().__init__()
        self.rcpt_reply: str | None = None
        self.data_reply: str | None = None
        self.holding = False
        self.held = 0  # RCPT commands waiting on the hold right now

    def hold_recipients(self) -> None:
        with self.lock:
            self.holding = True

    def release(self) -> None:
        with self.lock:
            self.holding = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        with self.lock:
            self.held += 1
        try:
            while self.holding:
                await asyncio.sleep(0.05)
        finally:
            with self.lock:
                self.held -= 1
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.data_reply:
            return self.data_reply
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp_server(smtp_server: SmtpServer) -> SmtpServer:
    """The real SMTP server of tests/fixtures/services.py, answering through a FaultHandler."""
    smtp_server.stop()
    smtp_server.handler = FaultHandler()
    smtp_server.start()
    return smtp_server


@pytest.fixture
def fault_workers(transactional_db, smtp_server) -> Iterator[CeleryWorkers]:
    """Real Celery workers under FAULT_ENV's timings, none started yet (the test starts them)."""
    workers = CeleryWorkers(
        redis_url=reachable_redis_url(),
        database_url=database_url_of_tests(),
        email_url=f"smtp://127.0.0.1:{smtp_server.port}",
    )
    workers.env.update(FAULT_ENV)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = workers.queue
    yield workers
    if os.environ.get("CELERY_WORKER_LOGS"):
        print(workers.logs())
    workers.stop_all()


@pytest.fixture
def beats(fault_workers) -> Iterator[Beats]:
    """Real `celery beat` processes on the fault workers' queue and timings."""
    running = Beats(fault_workers)
    yield running
    if os.environ.get("CELERY_WORKER_LOGS"):
        print(running.logs())
    running.stop_all()

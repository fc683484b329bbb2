"""`python manage.py send_reminders`: the sweep once, in process, without a worker."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from reminders.choices import ReminderStatus
from reminders.models import Reminder, ReminderSweep
from reminders.selectors import last_sweep_finished_at
from tests.factories import PledgeFactory, state
from tests.reminders.conftest import at

DUE = dt.date(2025, 5, 8)


def test_the_command_sends_the_due_reminders_once(focal_ken, mailoutbox, django_capture_on_commit_callbacks):
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE)
    output = StringIO()
    with at(DUE), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=output)
        call_command("send_reminders", stdout=output)
    assert [message.to for message in mailoutbox] == [["kamau@example.org"]]
    assert Reminder.objects.get().status == ReminderStatus.SENT
    assert output.getvalue().startswith("1 new reminders")


def test_the_command_can_rehearse_another_day(focal_ken, mailoutbox, django_capture_on_commit_callbacks):
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", DUE.isoformat(), stdout=StringIO())
    assert Reminder.objects.get().step == "due"


def test_every_finished_sweep_is_recorded_and_the_latest_finish_is_readable(
    focal_ken, django_capture_on_commit_callbacks
):
    assert last_sweep_finished_at() is None
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE)
    with at(DUE), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    with at(DUE + dt.timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    first, second = ReminderSweep.objects.order_by("finished_at")
    assert (first.day, first.recorded, second.day, second.recorded) == (DUE, 1, DUE + dt.timedelta(days=1), 0)
    assert last_sweep_finished_at() == second.finished_at
    assert second.started_at <= second.finished_at


def test_a_reminder_the_mail_server_refused_goes_out_on_a_later_run(
    focal_ken, smtp_server, settings, django_capture_on_commit_callbacks
):
    """In process (no Redis) nothing waits on a countdown: the next run's settle tries again."""
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE)
    smtp_server.stop()
    with at(DUE), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=StringIO())
    assert Reminder.objects.get().status == ReminderStatus.PENDING
    smtp_server.start()
    later = dt.timedelta(
        seconds=settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS + settings.REMINDER_STRANDED_AFTER_SECONDS + 1
    )
    with time_machine.travel(dt.datetime.combine(DUE, dt.time(6), tzinfo=dt.UTC) + later, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            output = StringIO()
            call_command("send_reminders", stdout=output)
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.tries) == (ReminderStatus.SENT, 2)
    assert "1 requeued" in output.getvalue()
    assert len(smtp_server.messages) == 1

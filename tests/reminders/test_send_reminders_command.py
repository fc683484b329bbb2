"""`python manage.py send_reminders`: the sweep once, in process, without a worker."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from reminders.choices import ReminderStatus
from reminders.models import Reminder
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

"""Database invariants of the reminder log: the database refuses the row, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from reminders.choices import ReminderRule
from reminders.models import Reminder
from tests.engagement.test_constraints import assert_refused
from tests.factories import PledgeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_reminder_is_recorded_once_per_reason(reference_data):
    pledge = PledgeFactory()
    recipient = UserFactory()
    reason = {
        "rule": ReminderRule.PLEDGE_REPORT_DUE,
        "content_type": ContentType.objects.get_for_model(pledge),
        "object_id": pledge.pk,
        "due_date": dt.date(2025, 5, 8),
        "step": "",
        "recipient": recipient,
    }
    Reminder.objects.create(**reason, recipient_email=recipient.email, subject="Report due")
    assert_refused(
        Reminder, lambda: Reminder.objects.create(**reason, recipient_email=recipient.email, subject="Again")
    )

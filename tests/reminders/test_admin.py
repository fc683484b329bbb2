"""The reminder log in the admin: staff filter it and resend failed reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from reminders.choices import ReminderStatus
from reminders.models import Reminder

URL = "/admin/reminders/reminder/"


@pytest.fixture
def failed(reminder) -> Reminder:
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.FAILED, tries=5, last_error="SMTP down"
    )
    return reminder


@pytest.fixture
def staff_client(admin_client):
    # A superuser: the role groups' permissions are gone after a transactional test flushed the database.
    return admin_client


def test_staff_see_the_log_filtered_by_status(staff_client, failed):
    response = staff_client.get(URL, {"status__exact": "failed"})
    assert response.status_code == 200
    assert failed.subject in response.content.decode()


def test_resend_puts_a_failed_reminder_back_and_delivers_it(
    staff_client, failed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(URL, {"action": "resend", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.tries) == (ReminderStatus.SENT, 1)
    assert [message.to for message in mailoutbox] == [["kamau@example.org"]]


def test_resend_leaves_a_sent_reminder_alone(
    staff_client, failed, mailoutbox, django_capture_on_commit_callbacks
):
    Reminder.objects.filter(pk=failed.pk).update(status=ReminderStatus.SENT, sent_at=dt.datetime.now(dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(URL, {"action": "resend", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.status == ReminderStatus.SENT
    assert mailoutbox == []


def test_focal_points_cannot_open_the_log(client, focal_ken, failed):
    client.force_login(focal_ken)
    assert client.get(URL).status_code == 302

"""Delivery in process, over a real SMTP server: claims, retries, uncertain claims, inactive recipients."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reminders.choices import ReminderStatus
from reminders.delivery import UNCERTAIN
from reminders.models import Reminder
from reminders.recording import reminders_settle
from reminders.tasks import reminder_send


def test_the_send_task_run_twice_for_one_reminder_sends_one_message(reminder, smtp_server):
    reminder_send.apply(args=[reminder.pk])
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert len(smtp_server.messages) == 1
    assert (reminder.status, reminder.tries) == (ReminderStatus.SENT, 1)
    assert reminder.sent_at is not None


def test_smtp_down_on_every_try_marks_the_reminder_failed_with_the_error(reminder, smtp_server, settings):
    settings.REMINDER_MAX_TRIES = 3
    smtp_server.stop()
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries) == (ReminderStatus.FAILED, 3)
    assert "refused" in reminder.last_error.lower()
    assert reminder.sent_at is None


def test_a_claim_whose_worker_died_is_marked_uncertain_and_not_sent_again(reminder, smtp_server, settings):
    stale = timezone.now() - dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1)
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=stale, tries=1)
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (ReminderStatus.FAILED, UNCERTAIN)
    assert smtp_server.messages == []


def test_a_claim_within_its_lease_is_left_to_its_worker(reminder, smtp_server):
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=timezone.now())
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENDING
    assert smtp_server.messages == []


def test_settling_fails_expired_claims_as_uncertain(reminder, settings):
    stale = timezone.now() - dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1)
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=stale)
    assert reminders_settle(dispatch=lambda reminder_id: None) == {"uncertain": 1, "requeued": 0}
    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (ReminderStatus.FAILED, UNCERTAIN)


def test_settling_requeues_a_pending_reminder_whose_task_was_lost(
    reminder, settings, django_capture_on_commit_callbacks
):
    old = timezone.now() - dt.timedelta(seconds=settings.REMINDER_STRANDED_AFTER_SECONDS + 1)
    Reminder.objects.filter(pk=reminder.pk).update(created_at=old)
    queued = []
    with django_capture_on_commit_callbacks(execute=True):
        reminders_settle(dispatch=queued.append)
    assert queued == [reminder.pk]


def test_a_recipient_deactivated_before_sending_gets_nothing(reminder, focal_ken, smtp_server):
    focal_ken.is_active = False
    focal_ken.save()
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED
    assert smtp_server.messages == []


def test_the_message_is_in_the_recipients_language_with_text_and_html_parts(reminder, focal_ken, smtp_server):
    focal_ken.language = "fr"
    focal_ken.save()
    reminder_send.apply(args=[reminder.pk])
    [delivered] = smtp_server.messages
    assert "8 mai 2025" in delivered.text  # Django's own French month names
    assert f"/pledges/{reminder.object_id}/report/" in delivered.html
    assert delivered.message["Message-ID"] == f"<reminder-{reminder.pk}@localhost>"

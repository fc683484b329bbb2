"""Delivery in process, over a real SMTP server: claims, retries until the deadline, permanent
failures, the hand-over marker, dead claims, settling, inactive recipients."""

from __future__ import annotations

import datetime as dt
import smtplib

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from reminders.choices import ReminderStatus
from reminders.delivery import (
    PERMANENT,
    TEMPORARY,
    UNCERTAIN,
    UNCERTAIN_OUTCOME,
    ClaimLost,
    Handover,
    _claim,
    failure_kind,
    settle_dead_claim,
)
from reminders.models import Reminder
from reminders.recording import SETTLE_LOCK, reminders_settle
from reminders.tasks import reminder_send
from tests.reminders.conftest import make_reminder

NOTHING = {"reclaimed": 0, "uncertain": 0, "requeued": 0}


def stale(settings) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1)


def test_the_send_task_run_twice_for_one_reminder_sends_one_message(reminder, smtp_server):
    reminder_send.apply(args=[reminder.pk])
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert len(smtp_server.messages) == 1
    assert (reminder.status, reminder.tries) == (ReminderStatus.SENT, 1)
    assert reminder.sent_at is not None
    assert reminder.handover_started_at is not None


def test_smtp_refusing_connections_leaves_the_reminder_pending_for_a_later_try(
    reminder, smtp_server, settings
):
    smtp_server.stop()
    before = timezone.now()
    assert reminder_send.apply(args=[reminder.pk]).result == "deferred"
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries) == (ReminderStatus.PENDING, 1)
    assert "refused" in reminder.last_error.lower()
    assert (
        before
        <= reminder.next_try_at
        <= timezone.now() + dt.timedelta(seconds=settings.REMINDER_RETRY_BACKOFF_SECONDS)
    )
    assert reminder.handover_started_at is None  # it never reached DATA
    assert reminder.failed_at is None


def test_the_wait_between_tries_doubles_up_to_the_cap(settings):
    from reminders.delivery import retry_delay

    settings.REMINDER_RETRY_JITTER = False
    settings.REMINDER_RETRY_BACKOFF_SECONDS, settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS = 60, 900
    assert [retry_delay(tries) for tries in (1, 2, 3, 4, 5, 6, 50)] == [60, 120, 240, 480, 900, 900, 900]


@pytest.mark.parametrize("reply", ["450 4.2.1 Mailbox busy, try later", "421 4.3.2 Shutting down"])
def test_a_4xx_answer_to_the_recipient_is_temporary(reminder, smtp_server, reply):
    smtp_server.handler.rcpt_reply = reply
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING
    assert reply.split()[0] in reminder.last_error


def test_a_4xx_answer_to_the_message_is_temporary_even_after_the_hand_over(reminder, smtp_server):
    smtp_server.handler.data_reply = "451 4.3.0 Try again later"
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING  # the server answered: it does not have it
    assert reminder.handover_started_at is not None


@pytest.mark.parametrize(
    ("fault", "reply"),
    [("rcpt_reply", "550 5.1.1 No such user"), ("data_reply", "554 5.7.1 Message refused")],
)
def test_a_5xx_refusal_of_the_recipient_or_the_message_fails_at_once(reminder, smtp_server, fault, reply):
    setattr(smtp_server.handler, fault, reply)
    assert reminder_send.apply(args=[reminder.pk]).result == "failed"
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries) == (ReminderStatus.FAILED, 1)
    assert reply.split()[0] in reminder.last_error
    assert reminder.failed_at is not None
    assert smtp_server.messages == []


def test_an_address_that_cannot_be_written_fails_at_once(reminder, smtp_server):
    Reminder.objects.filter(pk=reminder.pk).update(recipient_email="kamau@example@org")
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FAILED
    assert "Invalid address" in reminder.last_error


def test_temporary_failures_past_the_deadline_fail_the_reminder(reminder, smtp_server, settings):
    smtp_server.stop()
    reminder_send.apply(args=[reminder.pk])
    hours = settings.REMINDER_GIVE_UP_AFTER_HOURS
    # The first try was just under the deadline ago: one more failed try is still retried.
    almost = timezone.now() - dt.timedelta(hours=hours) + dt.timedelta(minutes=5)
    Reminder.objects.filter(pk=reminder.pk).update(first_tried_at=almost)
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries) == (ReminderStatus.PENDING, 2)

    Reminder.objects.filter(pk=reminder.pk).update(first_tried_at=almost - dt.timedelta(minutes=10))
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries) == (ReminderStatus.FAILED, 3)
    assert f"given up {hours} h after the first try" in reminder.last_error
    assert "refused" in reminder.last_error.lower()


def test_a_connection_cut_after_the_hand_over_is_uncertain_and_never_tried_again(
    reminder, smtp_server, settings
):
    settings.EMAIL_TIMEOUT = 1
    smtp_server.stall_next_message(seconds=3)  # the server has the message; the "250" comes too late
    assert reminder_send.apply(args=[reminder.pk]).result == UNCERTAIN_OUTCOME
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.UNCERTAIN
    assert reminder.last_error.startswith("Delivery uncertain")
    reminder_send.apply(args=[reminder.pk])
    assert len(smtp_server.messages) == 1


@pytest.mark.parametrize(
    ("error", "handed_over", "kind"),
    [
        (ConnectionRefusedError(111, "Connection refused"), False, TEMPORARY),
        (TimeoutError("timed out"), False, TEMPORARY),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False, TEMPORARY),
        (smtplib.SMTPConnectError(421, b"Too many connections"), False, TEMPORARY),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"busy")}), False, TEMPORARY),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown")}), False, PERMANENT),
        (smtplib.SMTPDataError(554, b"refused"), True, PERMANENT),
        (smtplib.SMTPDataError(452, b"insufficient storage"), True, TEMPORARY),
        # A 5xx about the session is the operators' configuration to fix: retried until the deadline.
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), False, TEMPORARY),
        (smtplib.SMTPSenderRefused(553, b"sender not allowed", "noreply@localhost"), False, TEMPORARY),
        (ValueError('Invalid address "a@b@c"'), False, PERMANENT),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), True, UNCERTAIN_OUTCOME),
        (TimeoutError("timed out"), True, UNCERTAIN_OUTCOME),
    ],
)
def test_failures_are_temporary_permanent_or_uncertain(error, handed_over, kind):
    assert failure_kind(error, handed_over=handed_over) == kind


def test_a_dead_claim_without_the_hand_over_is_sent_again_by_the_next_task(reminder, smtp_server, settings):
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SENDING, claimed_at=stale(settings), tries=1
    )
    assert reminder_send.apply(args=[reminder.pk]).result == "sent"
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries) == (ReminderStatus.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_a_dead_claim_after_the_hand_over_is_marked_uncertain_and_not_sent_again(
    reminder, smtp_server, settings
):
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SENDING,
        claimed_at=stale(settings),
        handover_started_at=stale(settings),
        tries=1,
    )
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (ReminderStatus.UNCERTAIN, UNCERTAIN)
    assert reminder.failed_at is not None
    assert smtp_server.messages == []


def test_a_claim_within_its_lease_is_left_to_its_worker(reminder, smtp_server):
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=timezone.now())
    reminder_send.apply(args=[reminder.pk])
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENDING
    assert smtp_server.messages == []


def test_a_worker_whose_claim_was_taken_back_does_not_hand_the_message_over(reminder, settings):
    token = _claim(reminder.pk)
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=stale(settings))
    settle_dead_claim(Reminder.objects.get(pk=reminder.pk), timezone.now())  # the settle task, meanwhile
    with pytest.raises(ClaimLost):
        Handover(reminder.pk, token).start()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.handover_started_at) == (ReminderStatus.PENDING, None)


def test_settling_takes_back_dead_claims_by_their_hand_over_marker(
    reminder, focal_ken, settings, django_capture_on_commit_callbacks
):
    handed_over = make_reminder(focal_ken)
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.SENDING, claimed_at=stale(settings))
    Reminder.objects.filter(pk=handed_over.pk).update(
        status=ReminderStatus.SENDING, claimed_at=stale(settings), handover_started_at=stale(settings)
    )
    queued = []
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_settle(dispatch=queued.append) == {**NOTHING, "reclaimed": 1, "uncertain": 1}
    assert queued == [reminder.pk]
    statuses = dict(Reminder.objects.values_list("pk", "status"))
    assert statuses == {reminder.pk: ReminderStatus.PENDING, handed_over.pk: ReminderStatus.UNCERTAIN}


def test_settling_requeues_a_pending_reminder_whose_task_was_lost_once_per_stranded_period(
    reminder, settings, django_capture_on_commit_callbacks
):
    old = timezone.now() - dt.timedelta(seconds=settings.REMINDER_STRANDED_AFTER_SECONDS + 1)
    Reminder.objects.filter(pk=reminder.pk).update(created_at=old)
    queued = []
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_settle(dispatch=queued.append) == {**NOTHING, "requeued": 1}
        assert reminders_settle(dispatch=queued.append) == NOTHING  # its try time moved to now
    assert queued == [reminder.pk]


def test_settling_leaves_alone_a_retry_that_is_not_due_yet(reminder, settings):
    old = timezone.now() - dt.timedelta(hours=2)
    Reminder.objects.filter(pk=reminder.pk).update(
        created_at=old, next_try_at=timezone.now() + dt.timedelta(minutes=5)
    )
    assert reminders_settle(dispatch=lambda reminder_id: None) == NOTHING


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's advisory lock (SQLite runs one settle)"
)
@pytest.mark.django_db(transaction=True)
def test_a_second_settle_while_one_runs_does_nothing(reminder, settings):
    old = timezone.now() - dt.timedelta(seconds=settings.REMINDER_STRANDED_AFTER_SECONDS + 1)
    Reminder.objects.filter(pk=reminder.pk).update(created_at=old)
    database = connection.settings_dict
    other = psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        autocommit=True,
    )
    with other:  # another settle, holding the lock
        other.execute("SELECT pg_advisory_lock(%s)", [SETTLE_LOCK])
        assert reminders_settle(dispatch=lambda reminder_id: None) == NOTHING
        other.execute("SELECT pg_advisory_unlock(%s)", [SETTLE_LOCK])
    assert reminders_settle(dispatch=lambda reminder_id: None)["requeued"] == 1


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

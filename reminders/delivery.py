"""Sending one reminder at most once, and retrying it until it goes out or its deadline passes.

The protocol, and why:
1. Claim (one short transaction): lock the row with SELECT ... FOR UPDATE SKIP LOCKED; go on only if
   it is `pending`; mark it `sending` with a fresh claim token, count the try, commit. A second task
   for the same reminder (a sweep run twice, a redelivered message, a second worker) either skips
   the locked row or finds it no longer pending, so only one worker ever holds a claim.
2. Send over SMTP with no transaction open (a slow server holds no database lock). Just before the
   message is handed to the server (the SMTP DATA command) the hand-over marker is committed on its
   own, under the claim token: if the claim was taken back meanwhile, nothing is sent.
3. Record the outcome under the claim token: `sent`; or, for a temporary failure (connection refused,
   timeout, a 4xx answer), `pending` again with `next_try_at` after a growing wait, until
   REMINDER_GIVE_UP_AFTER_HOURS after the first try, then `failed`; `failed` at once when the server
   refuses this message or its recipient for good (5xx) or the address is invalid.

A worker that dies leaves its claim `sending`. Once the claim outlives REMINDER_CLAIM_LEASE_SECONDS
(the settle task looks every REMINDER_SETTLE_SECONDS), it is settled by the hand-over marker:
- no marker: nothing reached the mail server, so the reminder is `pending` again and sent at once;
- marker: the server may have the message, so the reminder is `uncertain` (never sent again
  automatically; staff check the mail log and use Resend). We prefer that at-most-once outcome to a
  duplicate, since a focal point who gets the same reminder twice stops reading them.
A connection cut after the hand-over while the worker lives is `uncertain` for the same reason.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from dataclasses import dataclass

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from reminders.choices import ReminderStatus
from reminders.messages import reminder_email
from reminders.models import LAST_ERROR_MAX_LENGTH, Reminder

logger = logging.getLogger(__name__)

UNCERTAIN = (
    "Delivery uncertain: the worker stopped while handing this reminder to the mail server. "
    "Check the mail server's log before using Resend."
)
CUT_OFF = "Delivery uncertain: the connection broke after the message was handed to the mail server"
INACTIVE = "The recipient is no longer active."

# Outcomes of one try, as the send task returns them.
SENT, DEFERRED, FAILED, SKIPPED = "sent", "deferred", "failed", "skipped"
UNCERTAIN_OUTCOME = "uncertain"


class ReminderDeferred(Exception):
    """Sending failed for a temporary reason: the reminder is pending, to be tried in `delay` s."""

    def __init__(self, message: str, delay: int) -> None:
        super().__init__(message, delay)
        self.delay = delay


class ClaimLost(Exception):
    """The claim was settled by someone else before the hand-over: this worker must not send."""


def reminder_deliver(*, reminder_id: int) -> str:
    """Try to send one reminder unless another worker has it or it is settled; returns the outcome.

    Raises ReminderDeferred when it failed for a temporary reason and its deadline has not passed.
    """
    token = _claim(reminder_id)
    if token is None:
        return SKIPPED
    handover = Handover(reminder_id, token)
    try:
        reminder = Reminder.objects.select_related("recipient", "content_type").get(pk=reminder_id)
        send_with_handover(reminder_email(reminder), handover)
    except ClaimLost:
        logger.warning("Reminder %s: claim taken back before the hand-over; not sent", reminder_id)
        return SKIPPED
    except Exception as error:  # Every failure is recorded; its kind decides what comes next.
        if handover.accepted:
            logger.warning("Reminder %s: accepted by the server, then %r", reminder_id, error)
        else:
            return _record_failure(reminder_id, token, error, handed_over=handover.started)
    Reminder.objects.filter(pk=reminder_id, claim_token=token).update(
        status=ReminderStatus.SENT, sent_at=timezone.now(), last_error="", next_try_at=None, failed_at=None
    )
    return SENT


def _claim(reminder_id: int) -> uuid.UUID | None:
    """Mark a pending reminder `sending` under a new token; None if it is not ours to send."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return None  # Another worker holds the row this very moment.
        now = timezone.now()
        if reminder.status == ReminderStatus.SENDING and claim_expired(reminder, now):
            settle_dead_claim(reminder, now)
        if reminder.status != ReminderStatus.PENDING:
            return None
        if not reminder.recipient.is_active:
            reminder.status, reminder.last_error, reminder.failed_at = ReminderStatus.FAILED, INACTIVE, now
            reminder.save(update_fields=["status", "last_error", "failed_at"])
            return None
        reminder.status = ReminderStatus.SENDING
        reminder.claim_token, reminder.claimed_at = uuid.uuid4(), now
        reminder.handover_started_at = None
        reminder.first_tried_at = reminder.first_tried_at or now
        reminder.tries += 1
        reminder.save(
            update_fields=[
                "status", "claim_token", "claimed_at", "handover_started_at", "first_tried_at", "tries",
            ]
        )  # fmt: skip
        return reminder.claim_token


@dataclass
class Handover:
    """The moment one claimed reminder is handed to the mail server, and whether the server took it."""

    reminder_id: int
    token: uuid.UUID
    started: bool = False
    accepted: bool = False

    def start(self) -> None:
        """Commit the hand-over marker, on its own, under the claim; ClaimLost if the claim is gone."""
        marked = Reminder.objects.filter(
            pk=self.reminder_id, claim_token=self.token, status=ReminderStatus.SENDING
        ).update(handover_started_at=timezone.now())
        if not marked:
            raise ClaimLost
        self.started = True


class _HandoverMixin:
    """smtplib.SMTP whose DATA command first commits the hand-over, and notes the server's answer."""

    handover: Handover | None = None

    def data(self, msg):
        if self.handover is not None:
            self.handover.start()
        code, response = super().data(msg)
        if self.handover is not None and code == 250:
            self.handover.accepted = True
        return code, response


class HandoverSMTP(_HandoverMixin, smtplib.SMTP):
    pass


class HandoverSMTPSSL(_HandoverMixin, smtplib.SMTP_SSL):
    pass


class HandoverEmailBackend(SmtpEmailBackend):
    """Django's SMTP backend (same settings) reporting the hand-over of its one message."""

    def __init__(self, *, handover: Handover, **kwargs) -> None:
        super().__init__(fail_silently=False, **kwargs)
        self.handover = handover

    @property
    def connection_class(self):
        return HandoverSMTPSSL if self.use_ssl else HandoverSMTP

    def open(self) -> bool | None:
        opened = super().open()
        if self.connection is not None:
            self.connection.handover = self.handover
        return opened


def send_with_handover(message: EmailMessage, handover: Handover) -> None:
    """Send one message, committing the hand-over marker just before the server gets its content.

    With the SMTP backend the marker is written after the connection, TLS, log-in, sender and
    recipient were accepted, right before DATA. Other backends (console, file, in-memory in tests)
    have no such step: the marker comes just before they are called.
    """
    if issubclass(import_string(settings.EMAIL_BACKEND), SmtpEmailBackend):
        message.connection = HandoverEmailBackend(handover=handover)
        message.send()
        return
    message.connection = get_connection(fail_silently=False)
    handover.start()
    message.send()
    handover.accepted = True


TEMPORARY, PERMANENT = "temporary", "permanent"


def failure_kind(error: BaseException, *, handed_over: bool) -> str:
    """Whether a failed send may be tried again (temporary), must not be (permanent), or may have
    reached the server (uncertain).

    Permanent: the server refused this recipient or this message with a 5xx answer, or the address
    cannot be written. A 5xx about the session (log-in, sender, TLS) is a configuration fault the
    operators fix, so it is temporary like a 4xx, a refused connection or a timeout.
    """
    code = smtp_reply_code(error)
    if code is not None:
        # The server answered (even after the hand-over): its answer is definite.
        refused_this_message = isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)
        return PERMANENT if code >= 500 and refused_this_message else TEMPORARY
    if handed_over:
        return UNCERTAIN_OUTCOME
    if isinstance(error, ValueError):  # an invalid address or header: sending again cannot help
        return PERMANENT
    return TEMPORARY


def smtp_reply_code(error: BaseException) -> int | None:
    """The SMTP reply code behind an error (the worst recipient's when several were refused)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return max(codes) if codes else None
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


def _record_failure(reminder_id: int, token: uuid.UUID, error: BaseException, *, handed_over: bool) -> str:
    """Record a failed try under the claim: pending for a retry, failed, or uncertain."""
    text = f"{type(error).__name__}: {error}"[:2000]  # room left for what is added below
    kind = failure_kind(error, handed_over=handed_over)
    now = timezone.now()
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
        if reminder.claim_token != token:
            return SKIPPED  # Our claim was settled meanwhile; whoever holds it now decides.
        if kind == TEMPORARY and now < give_up_at(reminder):
            delay = retry_delay(reminder.tries)
            reminder.status, reminder.next_try_at = ReminderStatus.PENDING, now + dt.timedelta(seconds=delay)
        elif kind == UNCERTAIN_OUTCOME:
            reminder.status, reminder.failed_at, text = ReminderStatus.UNCERTAIN, now, f"{CUT_OFF}: {text}"
        else:
            reminder.status, reminder.failed_at, reminder.next_try_at = ReminderStatus.FAILED, now, None
            if kind == TEMPORARY:
                text = f"{text} (given up {settings.REMINDER_GIVE_UP_AFTER_HOURS} h after the first try)"
        reminder.last_error, reminder.claim_token = text[:LAST_ERROR_MAX_LENGTH], None
        reminder.save(update_fields=["status", "last_error", "claim_token", "next_try_at", "failed_at"])
    if reminder.status == ReminderStatus.PENDING:
        tries = reminder.tries
        logger.warning("Reminder %s: try %s failed (%s); next in %s s", reminder_id, tries, text, delay)
        raise ReminderDeferred(f"Reminder {reminder_id}: {text}", delay) from error
    reason = "gave up after its deadline" if kind == TEMPORARY else kind
    logger.error("Reminder %s: try %s failed (%s); %s", reminder_id, reminder.tries, text, reason)
    return UNCERTAIN_OUTCOME if reminder.status == ReminderStatus.UNCERTAIN else FAILED


def give_up_at(reminder: Reminder) -> dt.datetime:
    """When temporary failures stop being retried: REMINDER_GIVE_UP_AFTER_HOURS after the first try."""
    first = reminder.first_tried_at or reminder.created_at
    return first + dt.timedelta(hours=settings.REMINDER_GIVE_UP_AFTER_HOURS)


def retry_delay(tries: int) -> int:
    """Seconds before the next try: REMINDER_RETRY_BACKOFF_SECONDS doubled per try, capped at
    REMINDER_RETRY_BACKOFF_MAX_SECONDS, with full jitter when REMINDER_RETRY_JITTER (Celery's formula).
    """
    return get_exponential_backoff_interval(
        factor=settings.REMINDER_RETRY_BACKOFF_SECONDS,
        retries=max(tries - 1, 0),
        maximum=settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS,
        full_jitter=settings.REMINDER_RETRY_JITTER,
    )


def claim_expired(reminder: Reminder, now: dt.datetime) -> bool:
    """Whether a `sending` claim has outlived its lease, so its worker must have died."""
    lease = dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
    return reminder.claimed_at is None or reminder.claimed_at < now - lease


def settle_dead_claim(reminder: Reminder, now: dt.datetime) -> None:
    """Settle an expired claim held under lock: pending again if the hand-over had not started,
    else uncertain (the token stays: if the stalled worker does finish, its `sent` still lands).
    """
    if reminder.handover_started_at is None:
        reminder.status, reminder.claim_token, reminder.next_try_at = ReminderStatus.PENDING, None, now
        reminder.save(update_fields=["status", "claim_token", "next_try_at"])
        logger.warning("Reminder %s: its worker died before the hand-over; sending it again", reminder.pk)
        return
    reminder.status, reminder.last_error, reminder.failed_at = ReminderStatus.UNCERTAIN, UNCERTAIN, now
    reminder.save(update_fields=["status", "last_error", "failed_at"])
    logger.error("Reminder %s: %s", reminder.pk, UNCERTAIN)

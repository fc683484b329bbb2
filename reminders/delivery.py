"""Sending one reminder at most once: claim it, send it, record the outcome under the claim.

The protocol, and why:
1. Claim (one short transaction): lock the row with SELECT ... FOR UPDATE SKIP LOCKED; go on only if
   it is `pending`; mark it `sending` with a fresh claim token, count the try, commit. A second task
   for the same reminder (a sweep run twice, a redelivered message, a second worker) either skips
   the locked row or finds it no longer pending, so only one worker ever holds a claim.
2. Send over SMTP with no transaction open: a slow server holds no database lock.
3. Record (second transaction, filtered on the claim token): `sent`, or back to `pending` to be
   retried with backoff, or `failed` after REMINDER_MAX_TRIES, with the error.
The one window left is a worker dying between the server accepting the message and step 3. The
reminder then stays `sending`; once its claim outlives REMINDER_CLAIM_LEASE_SECONDS it is marked
`failed` with "delivery uncertain" (never silently dropped, never sent twice): staff check the mail
log and use Resend. We prefer that at-most-once outcome to a duplicate, since a focal point who gets
the same reminder twice stops reading them.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reminders.choices import ReminderStatus
from reminders.messages import reminder_email
from reminders.models import Reminder

logger = logging.getLogger(__name__)

UNCERTAIN = "Delivery uncertain: the worker stopped after claiming this reminder for sending."


class ReminderDeferred(Exception):
    """Sending failed and tries remain: the task retries with backoff."""


def reminder_deliver(*, reminder_id: int) -> str:
    """Send one reminder unless another worker has it or it went out already; returns the outcome.

    Raises ReminderDeferred when the mail server failed and the reminder has tries left.
    """
    token = _claim(reminder_id)
    if token is None:
        return "skipped"
    reminder = Reminder.objects.select_related("recipient", "content_type").get(pk=reminder_id)
    try:
        reminder_email(reminder).send()
    except (smtplib.SMTPException, OSError) as error:
        if _record_failure(reminder_id, token, f"{type(error).__name__}: {error}"):
            return "failed"
        raise ReminderDeferred(str(error)) from error
    Reminder.objects.filter(pk=reminder_id, claim_token=token).update(
        status=ReminderStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


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
        if reminder.status == ReminderStatus.SENDING and claim_expired(reminder, timezone.now()):
            _mark_uncertain(reminder)
        if reminder.status != ReminderStatus.PENDING:
            return None
        if not reminder.recipient.is_active:
            reminder.status, reminder.last_error = ReminderStatus.FAILED, "The recipient is no longer active."
            reminder.save(update_fields=["status", "last_error"])
            return None
        reminder.status = ReminderStatus.SENDING
        reminder.claim_token, reminder.claimed_at = uuid.uuid4(), timezone.now()
        reminder.tries += 1
        reminder.save(update_fields=["status", "claim_token", "claimed_at", "tries"])
        return reminder.claim_token


def _record_failure(reminder_id: int, token: uuid.UUID, error: str) -> bool:
    """Record a failed try; True when it was the last one (the reminder is now `failed`)."""
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder_id)
        if reminder.claim_token != token:
            return True  # Our claim was settled meanwhile; whoever holds it now decides.
        final = reminder.tries >= settings.REMINDER_MAX_TRIES
        reminder.status = ReminderStatus.FAILED if final else ReminderStatus.PENDING
        reminder.last_error, reminder.claim_token = error[:2000], None
        reminder.save(update_fields=["status", "last_error", "claim_token"])
    log = logger.error if final else logger.warning
    log(
        "Reminder %s: try %s failed (%s)%s",
        reminder_id,
        reminder.tries,
        error,
        "; giving up" if final else "",
    )
    return final


def claim_expired(reminder: Reminder, now: dt.datetime) -> bool:
    """Whether a `sending` claim has outlived its lease, so its worker must have died."""
    lease = dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
    return reminder.claimed_at is None or reminder.claimed_at < now - lease


def _mark_uncertain(reminder: Reminder) -> None:
    # The claim token stays: if the stalled worker does finish, its `sent` still lands.
    reminder.status, reminder.last_error = ReminderStatus.FAILED, UNCERTAIN
    reminder.save(update_fields=["status", "last_error"])
    logger.error("Reminder %s: %s", reminder.pk, UNCERTAIN)

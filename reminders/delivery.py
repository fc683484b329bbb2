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
import functools
import logging
import smtplib
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpEmailBackend
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string

from reminders.choices import ReminderStatus
from reminders.messages import digests_prepare, digests_prepare_for, reminder_email, reminders_to_render
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
    _mark_sent([reminder_id], token)
    return SENT


def _mark_sent(reminder_ids: list[int], token: uuid.UUID) -> None:
    """Record `sent` where our claim still holds (also over `uncertain`: the server took it)."""
    Reminder.objects.filter(pk__in=reminder_ids, claim_token=token).update(
        status=ReminderStatus.SENT, sent_at=timezone.now(), last_error="", next_try_at=None, failed_at=None
    )


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


# Reminders claimed by one statement in a batch: small enough for the batch to finish well inside
# the claim lease even over a slow mail server, large enough that the claim costs little per message.
CLAIM_BATCH = 100


def reminders_deliver(reminder_ids: Iterable[int]) -> Counter:
    """Send many reminders in process (an eager sweep, `send_reminders`); counts the outcomes.

    The same protocol as `reminder_deliver`, with its fixed costs shared by the batch: one claim
    statement per CLAIM_BATCH reminders, their messages read in a few queries, then for each
    message one commit (its hand-over marker, with the previous message's `sent`) before it is
    handed to the backend. A reminder another worker holds, or no longer pending, is skipped.
    """
    outcomes: Counter = Counter()
    reminder_ids = list(reminder_ids)
    shared: dict = {}  # what the batch's messages show alike (reminders.messages.reminder_email)
    digests_prepare_for(reminder_ids, shared)
    for start in range(0, len(reminder_ids), CLAIM_BATCH):
        chunk = reminder_ids[start : start + CLAIM_BATCH]
        token, claimed = _claim_many(chunk)
        outcomes[SKIPPED] += len(chunk) - len(claimed)
        if claimed:
            outcomes.update(_send_claimed(claimed, token, shared))
    return outcomes


def _claim_many(reminder_ids: list[int]) -> tuple[uuid.UUID, list[int]]:
    """Claim the pending reminders among these ids under one new token, in one transaction.

    Rows another worker holds are skipped (SKIP LOCKED); expired claims are settled first, as in
    `_claim`; a reminder to an inactive recipient fails instead. Returns the token and the ids claimed.
    """
    token, now = uuid.uuid4(), timezone.now()
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=reminder_ids, status__in=(ReminderStatus.PENDING, ReminderStatus.SENDING))
            .select_related("recipient")
            .only("pk", "status", "claimed_at", "handover_started_at", "recipient__is_active")
            .order_by("pk")
        )
        for reminder in rows:
            if reminder.status == ReminderStatus.SENDING and claim_expired(reminder, now):
                settle_dead_claim(reminder, now)
        pending = [reminder for reminder in rows if reminder.status == ReminderStatus.PENDING]
        inactive = [reminder.pk for reminder in pending if not reminder.recipient.is_active]
        if inactive:
            Reminder.objects.filter(pk__in=inactive).update(
                status=ReminderStatus.FAILED, last_error=INACTIVE, failed_at=now
            )
        claimed = [reminder.pk for reminder in pending if reminder.recipient.is_active]
        Reminder.objects.filter(pk__in=claimed).update(
            status=ReminderStatus.SENDING,
            claim_token=token,
            claimed_at=now,
            handover_started_at=None,
            first_tried_at=Coalesce("first_tried_at", now),
            tries=F("tries") + 1,
        )
    return token, claimed


@dataclass
class SentLog:
    """Messages of a batch the backend took, whose `sent` is not written yet: it is written with the
    next message's hand-over marker (one commit per message), or at the end of the batch.

    A worker dying before that write leaves them `sending` with their marker: settle makes them
    `uncertain`, never sends them again (at most once holds; only the exact outcome is lost).
    """

    token: uuid.UUID
    ids: list[int] = field(default_factory=list)

    def flush(self) -> None:
        if self.ids:
            _mark_sent(self.ids, self.token)
            self.ids = []


def _send_claimed(claimed: list[int], token: uuid.UUID, shared: dict) -> Counter:
    """Render and send claimed reminders one by one, recording each outcome under the claim."""
    outcomes: Counter = Counter()
    sent = SentLog(token)
    reminders = reminders_to_render(claimed)
    digests_prepare(reminders, shared)
    for reminder in reminders:
        handover = Handover(reminder.pk, token, sent_before=sent)
        try:
            send_with_handover(reminder_email(reminder, shared=shared), handover)
        except ClaimLost:
            logger.warning("Reminder %s: claim taken back before the hand-over; not sent", reminder.pk)
            outcomes[SKIPPED] += 1
            continue
        except Exception as error:  # Every failure is recorded; its kind decides what comes next.
            if not handover.accepted:
                sent.flush()
                outcomes[_record_failure_in_batch(reminder.pk, token, error, handover)] += 1
                continue
            logger.warning("Reminder %s: accepted by the server, then %r", reminder.pk, error)
        sent.ids.append(reminder.pk)
        outcomes[SENT] += 1
    sent.flush()
    return outcomes


def _record_failure_in_batch(reminder_id: int, token: uuid.UUID, error: BaseException, handover) -> str:
    """Record a failed try of a batch; a temporary failure stays pending for the next settle."""
    try:
        return _record_failure(reminder_id, token, error, handed_over=handover.started)
    except ReminderDeferred:
        return DEFERRED


@dataclass
class Handover:
    """The moment one claimed reminder is handed to the mail server, and whether the server took it."""

    reminder_id: int
    token: uuid.UUID
    started: bool = False
    accepted: bool = False
    # A batch's messages handed over before this one, whose `sent` is written with this marker.
    sent_before: SentLog | None = None

    def start(self) -> None:
        """Commit the hand-over marker under the claim; ClaimLost if the claim is gone.

        The marker is committed before the message leaves, in a statement of its own (shared only
        with the `sent` of messages already handed over), so it is durable whatever follows.
        """
        if self.sent_before is not None and self.sent_before.ids:
            marked = _mark_sent_and_handover(self.sent_before, self.reminder_id)
        else:
            marked = Reminder.objects.filter(
                pk=self.reminder_id, claim_token=self.token, status=ReminderStatus.SENDING
            ).update(handover_started_at=timezone.now())
        if not marked:
            raise ClaimLost
        self.started = True


def _mark_sent_and_handover(sent: SentLog, reminder_id: int) -> bool:
    """One UPDATE, one commit: `sent` for the messages in `sent`, the hand-over marker for this one,
    each only under the batch's claim token; True if the marker was written.
    """
    now = Reminder._meta.get_field("sent_at").get_db_prep_value(timezone.now(), connection)
    token = Reminder._meta.get_field("claim_token").get_db_prep_value(sent.token, connection)
    params = [
        reminder_id, ReminderStatus.SENT, reminder_id, now, reminder_id, reminder_id, reminder_id,
        reminder_id, now, token, *sent.ids, reminder_id, ReminderStatus.SENDING,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_mark_sent_and_handover_sql(connection.vendor, len(sent.ids)), params)
        updated = {row[0] for row in cursor.fetchall()}
    sent.ids = []
    return reminder_id in updated


@functools.cache
def _mark_sent_and_handover_sql(vendor: str, sent_count: int) -> str:
    """The statement of `_mark_sent_and_handover` for `sent_count` messages sent before: it runs once
    per message, so it is written once per process and database kind (`vendor`, its quoting)."""
    column = {name: connection.ops.quote_name(Reminder._meta.get_field(name).column) for name in _MARKED}
    this, handover = f"{column['id']} = %s", column["handover_started_at"]
    sent_ids = ", ".join(["%s"] * sent_count)
    return (
        f"UPDATE {connection.ops.quote_name(Reminder._meta.db_table)} SET "  # noqa: S608 (names from the model)
        f"{column['status']} = CASE WHEN {this} THEN {column['status']} ELSE %s END, "
        f"{column['sent_at']} = CASE WHEN {this} THEN {column['sent_at']} ELSE %s END, "
        f"{column['last_error']} = CASE WHEN {this} THEN {column['last_error']} ELSE '' END, "
        f"{column['next_try_at']} = CASE WHEN {this} THEN {column['next_try_at']} ELSE NULL END, "
        f"{column['failed_at']} = CASE WHEN {this} THEN {column['failed_at']} ELSE NULL END, "
        f"{handover} = CASE WHEN {this} THEN %s ELSE {handover} END "
        f"WHERE {column['claim_token']} = %s AND ({column['id']} IN ({sent_ids}) "
        f"OR ({this} AND {column['status']} = %s)) RETURNING {column['id']}"
    )


_MARKED = (
    "id", "status", "sent_at", "last_error", "next_try_at", "failed_at", "handover_started_at", "claim_token",
)  # fmt: skip


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

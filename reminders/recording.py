"""Recording reminders under their reason before anything is sent, and queueing their delivery."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement.choices import Role
from engagement.models import User
from engagement.roles import role_of
from reminders.choices import UNDELIVERED_STATUSES, ReminderRule, ReminderStatus
from reminders.delivery import reminders_deliver, settle_dead_claim
from reminders.messages import candidate_subject
from reminders.models import Reminder, ReminderSweep
from reminders.rules import RULES, report_received_recipients
from reminders.schedule import Candidate

logger = logging.getLogger(__name__)

Dispatch = Callable[[int], object]

# Advisory lock keys (any fixed bigint unique to the purpose): one sweep, one settle at a time.
SWEEP_LOCK = 7_301_001
SETTLE_LOCK = 7_301_002


def queue_send(reminder_id: int) -> None:
    """Hand one reminder to a Celery worker (or send it in process when Celery runs eagerly)."""
    from reminders.tasks import reminder_send

    reminder_send.delay(reminder_id)


def queue_send_many(reminder_ids: list[int]) -> None:
    """Hand reminders to Celery workers, one task each; when Celery runs eagerly (no broker), send
    them right here as one batch (reminders.delivery.reminders_deliver: one claim for the batch)."""
    from reminders.tasks import reminder_send

    if reminder_send.app.conf.task_always_eager:
        reminders_deliver(reminder_ids)
        return
    for reminder_id in reminder_ids:
        reminder_send.delay(reminder_id)


# A dispatch may carry `many`, taking a list of ids: recording then queues a batch once per commit.
queue_send.many = queue_send_many


def reminders_sweep(*, today: dt.date | None = None, dispatch: Dispatch = queue_send) -> list[Reminder]:
    """Record every reminder due today under its reason and queue each new one once.

    The sweep is one transaction under a database lock: a second sweep at the same moment (two
    beats, a beat and `send_reminders`) waits for the first to commit, then finds every reason
    recorded and adds nothing. A finished sweep leaves a ReminderSweep row (health checks read it).
    The new reminders are queued together once the sweep commits.
    """
    today = today or timezone.localdate()
    started_at = timezone.now()
    with transaction.atomic():
        database_lock(SWEEP_LOCK)
        recorded: list[Reminder] = []
        for rule in RULES:
            recorded += reminders_record(rule(today), dispatch=None)
        ReminderSweep.objects.create(
            day=today, started_at=started_at, finished_at=timezone.now(), recorded=len(recorded)
        )
        _queue_on_commit([reminder.pk for reminder in recorded], dispatch)
    logger.info("Reminder sweep for %s: %s new reminders", today, len(recorded))
    return recorded


def _queue_on_commit(reminder_ids: list[int], dispatch: Dispatch | None) -> None:
    """Once the transaction commits, queue the reminders: as one batch if the dispatch takes one."""
    if not reminder_ids or dispatch is None:
        return
    many = getattr(dispatch, "many", None)
    if many is not None:
        transaction.on_commit(partial(many, list(reminder_ids)))
        return
    for reminder_id in reminder_ids:
        transaction.on_commit(partial(dispatch, reminder_id))


def database_lock(key: int, *, wait: bool = True) -> bool:
    """Take a PostgreSQL advisory lock for the rest of the transaction; False if busy and not waiting.

    Other databases (SQLite in development) serialise writers anyway: the lock is always granted.
    """
    if connection.vendor != "postgresql":
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [key])
        granted = cursor.fetchone()[0]
    return wait or bool(granted)


def reminders_record(
    candidates: Iterable[Candidate], *, dispatch: Dispatch | None = queue_send
) -> list[Reminder]:
    """Insert the candidates not yet recorded (the unique reason decides) and queue each new one.

    One INSERT ... ON CONFLICT DO NOTHING for all of them: a reason already in the log, or recorded
    by a concurrent transaction, is skipped by the database. The reminders returned are the rows
    this call inserted, read back by their reasons within the same transaction.
    """
    candidates = [candidate for candidate in candidates if may_receive(candidate)]
    if not candidates:
        return []
    with transaction.atomic():
        fresh = _unique_new(candidates, _recorded_reasons(candidates))
        created = _insert_new([_reminder_of(candidate) for candidate in fresh])
        _queue_on_commit([reminder.pk for reminder in created], dispatch)
    return created


def _unique_new(candidates: list[Candidate], existing: set[tuple]) -> list[Candidate]:
    """The candidates whose reason is not in the log yet, each reason once."""
    fresh, seen = [], set(existing)
    for candidate in candidates:
        reason = _reason(candidate)
        if reason not in seen:
            seen.add(reason)
            fresh.append(candidate)
    return fresh


def _reminder_of(candidate: Candidate) -> Reminder:
    return Reminder(
        rule=candidate.rule,
        content_type=ContentType.objects.get_for_model(candidate.subject),
        object_id=candidate.subject.pk,
        due_date=candidate.due_date,
        step=candidate.step,
        recipient=candidate.recipient,
        recipient_email=candidate.recipient.email,
        subject=candidate_subject(candidate),
    )


# The reason: the unique constraint `reminder_once_per_reason`, and the target of ON CONFLICT.
REASON_FIELDS = ("rule", "content_type", "object_id", "due_date", "step", "recipient")
INSERTED_FIELDS = (*REASON_FIELDS, "recipient_email", "subject", "status", "tries", "last_error")
INSERT_BATCH = 500


def _insert_new(reminders: list[Reminder]) -> list[Reminder]:
    """Insert the reminders with INSERT ... ON CONFLICT (reason) DO NOTHING RETURNING, 500 rows a
    statement; returns those the database inserted, with their ids.

    A reason recorded meanwhile by another transaction (a disputed report's reminder, a sweep
    without the lock) is a conflict: that row is not returned, so it is not queued twice from here.
    """
    now = timezone.now()
    fields = [Reminder._meta.get_field(name) for name in (*INSERTED_FIELDS, "created_at")]
    inserted: dict[tuple, int] = {}
    for start in range(0, len(reminders), INSERT_BATCH):
        batch = reminders[start : start + INSERT_BATCH]
        params = []
        for reminder in batch:
            reminder.created_at = now
            params += [_db_value(field, reminder) for field in fields]
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql(fields, rows=len(batch)), params)
            for pk, *reason in cursor.fetchall():
                inserted[_normalised(reason)] = pk
    created = []
    for reminder in reminders:
        pk = inserted.get(_reason_of(reminder))
        if pk is not None:
            reminder.pk = pk
            reminder._state.adding, reminder._state.db = False, connection.alias
            created.append(reminder)
    return created


def _db_value(field, reminder: Reminder):
    return field.get_db_prep_save(field.value_from_object(reminder), connection)


def _insert_sql(fields: list, *, rows: int) -> str:
    """INSERT of `rows` reminders that skips recorded reasons and returns the new ids and reasons.

    Every name in it comes from the model's metadata; the values are parameters.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    reason = ", ".join(quote(Reminder._meta.get_field(name).column) for name in REASON_FIELDS)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = ", ".join([row] * rows)
    return (
        f"INSERT INTO {quote(Reminder._meta.db_table)} ({columns}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({reason}) DO NOTHING RETURNING {quote(Reminder._meta.pk.column)}, {reason}"
    )


def _normalised(reason: list) -> tuple:
    """A reason as the database returned it, typed like `_reason` (SQLite returns dates as text)."""
    rule, content_type_id, object_id, due_date, step, recipient_id = reason
    if isinstance(due_date, str):
        due_date = dt.date.fromisoformat(due_date)
    return (rule, content_type_id, object_id, due_date, step, recipient_id)


def _reason_of(reminder: Reminder) -> tuple:
    return (
        reminder.rule,
        reminder.content_type_id,
        reminder.object_id,
        reminder.due_date,
        reminder.step,
        reminder.recipient_id,
    )


def may_receive(candidate: Candidate) -> bool:
    """Never an inactive account, one without an address, or a focal point of another State."""
    user = candidate.recipient
    if not user.is_active or not user.email:
        return False
    role = role_of(user)
    if role == Role.STAFF:
        return True
    if role == Role.FOCAL_POINT:
        return candidate.member_state_id is not None and candidate.member_state_id == user.member_state_id
    return candidate.rule == ReminderRule.REPORT_DISPUTED


def _reason(candidate: Candidate) -> tuple:
    content_type = ContentType.objects.get_for_model(candidate.subject)
    return (
        candidate.rule,
        content_type.pk,
        candidate.subject.pk,
        candidate.due_date,
        candidate.step,
        candidate.recipient.pk,
    )


def _reasons_query(candidates: list[Candidate]):
    """The log's rows that may share a reason with the candidates (a superset, filtered after)."""
    return Reminder.objects.filter(
        rule__in={candidate.rule for candidate in candidates},
        object_id__in={candidate.subject.pk for candidate in candidates},
        due_date__in={candidate.due_date for candidate in candidates},
    )


def _recorded_reasons(candidates: list[Candidate]) -> set[tuple]:
    """The reasons among the candidates' that are in the log already, in one query."""
    rows = _reasons_query(candidates).values_list(
        "rule", "content_type_id", "object_id", "due_date", "step", "recipient_id"
    )
    return set(rows)


def reminder_report_disputed(verification_id: int, *, dispatch: Dispatch = queue_send) -> Reminder | None:
    """E-mail the author of a disputed progress report, once per verification."""
    from pledges.models import ReportVerification

    verification = ReportVerification.objects.select_related(
        "report__author", "report__pledge__member_state"
    ).get(pk=verification_id)
    report = verification.report
    candidate = Candidate(
        ReminderRule.REPORT_DISPUTED,
        verification,
        timezone.localdate(verification.created_at),
        "",
        report.author,
        member_state_id=report.pledge.member_state_id,
    )
    created = reminders_record([candidate], dispatch=dispatch)
    return created[0] if created else None


def reminder_report_received(report_id: int, *, dispatch: Dispatch = queue_send) -> list[Reminder]:
    """E-mail the Office that a focal point reported: the pledge's responsible staff member, else all
    active staff; once per report and recipient (a second call records and sends nothing).
    """
    from pledges.models import ProgressReport

    report = ProgressReport.objects.select_related(
        "author", "pledge__member_state", "pledge__responsible_staff"
    ).get(pk=report_id)
    candidates = [
        Candidate(
            ReminderRule.REPORT_RECEIVED,
            report,
            timezone.localdate(report.created_at),
            "",
            user,
            member_state_id=report.pledge.member_state_id,
        )
        for user in report_received_recipients(report)
    ]
    return reminders_record(candidates, dispatch=dispatch)


def reminder_resend(*, reminder: Reminder, by: User, dispatch: Dispatch = queue_send) -> bool:
    """Put a failed or uncertain reminder back to pending with a fresh deadline and queue it; False
    if it is neither. The same Message-ID goes out, so mail clients fold a duplicate into the first.
    """
    with transaction.atomic():
        updated = Reminder.objects.filter(pk=reminder.pk, status__in=UNDELIVERED_STATUSES).update(
            status=ReminderStatus.PENDING,
            tries=0,
            claim_token=None,
            claimed_at=None,
            handover_started_at=None,
            first_tried_at=None,
            next_try_at=timezone.now(),
            failed_at=None,
        )
        if updated:
            logger.info("Reminder %s: resend requested by %s", reminder.pk, by)
            transaction.on_commit(partial(dispatch, reminder.pk))
    return bool(updated)


def reminders_settle(*, dispatch: Dispatch = queue_send) -> dict[str, int]:
    """Settle what dead workers and lost tasks left; the beat runs it every REMINDER_SETTLE_SECONDS.

    - A `sending` claim older than REMINDER_CLAIM_LEASE_SECONDS belongs to a dead worker: without a
      hand-over marker it is pending again and queued now (`reclaimed`); with one it is `uncertain`.
    - A pending reminder whose try time is REMINDER_STRANDED_AFTER_SECONDS past lost its task
      (its worker died holding it, the broker was flushed): it is queued again (`requeued`), and
      its try time moves to now so the next settle leaves it alone as long.
    One settle at a time (a second one at the same moment, from a second beat, does nothing);
    a reminder queued twice is still sent once (the claim decides).
    """
    counts = {"reclaimed": 0, "uncertain": 0, "requeued": 0}
    with transaction.atomic():
        if not database_lock(SETTLE_LOCK, wait=False):
            return counts
        now = timezone.now()
        lease_start = now - dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)
        expired = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=ReminderStatus.SENDING)
            .filter(Q(claimed_at__lt=lease_start) | Q(claimed_at__isnull=True))
        )
        reclaimed = []
        for reminder in expired:
            settle_dead_claim(reminder, now)
            if reminder.status == ReminderStatus.PENDING:
                reclaimed.append(reminder.pk)
            else:
                counts["uncertain"] += 1
        counts["reclaimed"] = len(reclaimed)
        stranded_before = now - dt.timedelta(seconds=settings.REMINDER_STRANDED_AFTER_SECONDS)
        stranded = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=ReminderStatus.PENDING)
            .annotate(try_at=Coalesce("next_try_at", "created_at"))
            .filter(try_at__lt=stranded_before)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=stranded).update(next_try_at=now)
        counts["requeued"] = len(stranded)
        _queue_on_commit(reclaimed + stranded, dispatch)
    if any(counts.values()):
        logger.info("Reminder settle: %s", counts)
    return counts

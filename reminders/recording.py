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
from reminders.delivery import settle_dead_claim
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


def reminders_sweep(*, today: dt.date | None = None, dispatch: Dispatch = queue_send) -> list[Reminder]:
    """Record every reminder due today under its reason and queue each new one once.

    The sweep is one transaction under a database lock: a second sweep at the same moment (two
    beats, a beat and `send_reminders`) waits for the first to commit, then finds every reason
    recorded and adds nothing. A finished sweep leaves a ReminderSweep row (health checks read it).
    """
    today = today or timezone.localdate()
    started_at = timezone.now()
    with transaction.atomic():
        database_lock(SWEEP_LOCK)
        recorded: list[Reminder] = []
        for rule in RULES:
            recorded += reminders_record(rule(today), dispatch=dispatch)
        ReminderSweep.objects.create(
            day=today, started_at=started_at, finished_at=timezone.now(), recorded=len(recorded)
        )
    logger.info("Reminder sweep for %s: %s new reminders", today, len(recorded))
    return recorded


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


def reminders_record(candidates: Iterable[Candidate], *, dispatch: Dispatch = queue_send) -> list[Reminder]:
    """Insert the candidates not yet recorded (the unique reason decides) and queue each new one."""
    candidates = [candidate for candidate in candidates if may_receive(candidate)]
    if not candidates:
        return []
    existing = _recorded_reasons(candidates)
    created = []
    for candidate in candidates:
        if _reason(candidate) in existing:
            continue
        # get_or_create turns a concurrent sweep's insert (a unique violation) into a plain read.
        reminder, was_created = Reminder.objects.get_or_create(
            rule=candidate.rule,
            content_type=ContentType.objects.get_for_model(candidate.subject),
            object_id=candidate.subject.pk,
            due_date=candidate.due_date,
            step=candidate.step,
            recipient=candidate.recipient,
            defaults={"recipient_email": candidate.recipient.email, "subject": candidate_subject(candidate)},
        )
        if was_created:
            created.append(reminder)
            transaction.on_commit(partial(dispatch, reminder.pk))
    return created


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


def _recorded_reasons(candidates: list[Candidate]) -> set[tuple]:
    """The reasons among the candidates' that are in the log already, in one query."""
    rows = Reminder.objects.filter(
        rule__in={candidate.rule for candidate in candidates},
        object_id__in={candidate.subject.pk for candidate in candidates},
        due_date__in={candidate.due_date for candidate in candidates},
    ).values_list("rule", "content_type_id", "object_id", "due_date", "step", "recipient_id")
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
        for reminder in expired:
            settle_dead_claim(reminder, now)
            if reminder.status == ReminderStatus.PENDING:
                counts["reclaimed"] += 1
                transaction.on_commit(partial(dispatch, reminder.pk))
            else:
                counts["uncertain"] += 1
        stranded_before = now - dt.timedelta(seconds=settings.REMINDER_STRANDED_AFTER_SECONDS)
        stranded = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(status=ReminderStatus.PENDING)
            .annotate(try_at=Coalesce("next_try_at", "created_at"))
            .filter(try_at__lt=stranded_before)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=stranded).update(next_try_at=now)
        for reminder_id in stranded:
            transaction.on_commit(partial(dispatch, reminder_id))
        counts["requeued"] = len(stranded)
    if any(counts.values()):
        logger.info("Reminder settle: %s", counts)
    return counts

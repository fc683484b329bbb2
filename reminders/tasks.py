"""Celery tasks of the reminders app: thin, idempotent wrappers around the reminder services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from reminders.delivery import ReminderDeferred, reminder_deliver
from reminders.recording import reminders_settle, reminders_sweep


@shared_task(name="reminders.sweep", ignore_result=True)
def reminders_sweep_task() -> int:
    """Record today's due reminders and queue their delivery; safe to run twice or concurrently."""
    return len(reminders_sweep())


@shared_task(
    bind=True,
    name="reminders.send",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(ReminderDeferred,),
    retry_backoff=settings.REMINDER_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=settings.REMINDER_RETRY_JITTER,
    # The log's `tries` decides when to give up; this only bounds the broker's retries.
    max_retries=settings.REMINDER_MAX_TRIES,
)
def reminder_send(self, reminder_id: int) -> str:
    """Send one reminder at most once (see reminders/delivery.py)."""
    while True:
        try:
            return reminder_deliver(reminder_id=reminder_id)
        except ReminderDeferred:
            if not self.request.is_eager:
                raise  # autoretry_for schedules the next try, with exponential backoff.
            # In process there is no broker to wait on: try again at once until the log gives up.


@shared_task(name="reminders.settle", ignore_result=True)
def reminders_settle_task() -> dict[str, int]:
    """Fail claims whose worker died (delivery uncertain) and requeue reminders whose task was lost."""
    return reminders_settle()

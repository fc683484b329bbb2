"""Celery tasks of the reminders app: thin, idempotent wrappers around the reminder services."""

from __future__ import annotations

from celery import shared_task

from reminders.delivery import DEFERRED, ReminderDeferred, reminder_deliver
from reminders.recording import reminders_settle, reminders_sweep


@shared_task(name="reminders.sweep", ignore_result=True)
def reminders_sweep_task() -> int:
    """Record today's due reminders and queue their delivery; safe to run twice or concurrently."""
    return len(reminders_sweep())


@shared_task(bind=True, name="reminders.send", ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def reminder_send(self, reminder_id: int) -> str:
    """Try to send one reminder at most once (see reminders/delivery.py).

    A temporary failure leaves the reminder pending with its `next_try_at`, and queues the next try
    with that countdown (at most REMINDER_RETRY_BACKOFF_MAX_SECONDS). Tasks are only the fast path:
    if one is lost (a worker killed while holding it), the settle task queues the reminder again.
    The deadline in the database, not a count of task retries, decides when to give up.
    """
    try:
        return reminder_deliver(reminder_id=reminder_id)
    except ReminderDeferred as deferred:
        if not self.request.is_eager:
            # A new message, not Celery's retry: no count of retries can end the tries early.
            reminder_send.apply_async(args=[reminder_id], countdown=deferred.delay)
        # In process there is no broker to wait on: the next settle (`send_reminders`) retries.
        return DEFERRED


@shared_task(name="reminders.settle", ignore_result=True)
def reminders_settle_task() -> dict[str, int]:
    """Take back dead workers' claims (again pending, or uncertain) and requeue lost reminders."""
    return reminders_settle()

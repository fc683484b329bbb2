"""Run the reminder sweep once, in process, without a worker."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from reminders.recording import reminders_settle, reminders_sweep


def send_in_process(reminder_id: int) -> None:
    from reminders.tasks import reminder_send

    # apply() runs the task here whatever the broker settings say; a temporary failure stays pending
    # until its next try time, and the next run of this command (its settle) tries it again.
    reminder_send.apply(args=[reminder_id])


def send_many_in_process(reminder_ids: list[int]) -> None:
    from reminders.delivery import reminders_deliver

    # The same protocol as the task, with one claim for the batch (reminders/delivery.py).
    reminders_deliver(reminder_ids)


send_in_process.many = send_many_in_process


class Command(BaseCommand):
    """Record every reminder due today and send the new ones right here (the beat's daily sweep)."""

    help = "Run the reminder sweep once, in process, without a Celery worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="Sweep as if today were this date (YYYY-MM-DD); for rehearsals.",
        )

    def handle(self, *args, date: dt.date | None = None, **options) -> None:
        settled = reminders_settle(dispatch=send_in_process)
        recorded = reminders_sweep(today=date, dispatch=send_in_process)
        sent = _sent_count([reminder.pk for reminder in recorded])
        self.stdout.write(
            f"{len(recorded)} new reminders, {sent} sent; {settled['requeued']} requeued, "
            f"{settled['reclaimed']} taken back from a dead worker, {settled['uncertain']} marked uncertain."
        )


def _sent_count(reminder_ids: list[int]) -> int:
    from reminders.models import Reminder

    return Reminder.objects.filter(pk__in=reminder_ids, status="sent").count()

"""Against a real Celery worker on Redis and a real SMTP server: each reminder is delivered exactly once.

The faults (SMTP down for hours, past the deadline, a worker killed mid-send, two beats) are in
test_faults.py."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from reminders.choices import ReminderRule, ReminderStatus
from reminders.delivery import UNCERTAIN
from reminders.models import Reminder
from reminders.recording import reminders_record
from reminders.rules import weekly_digest_candidates
from reminders.tasks import reminder_send, reminders_sweep_task
from tests.factories import FocalPointFactory, PledgeFactory, state
from tests.fixtures.services import WORKER_TEST_ENV, wait_until

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.xdist_group("celery"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def due_pledge(reference_data, focal_ken, focal_fji):
    """A Kenyan pledge whose report is due today; Fiji's focal point must never hear of it."""
    return PledgeFactory(member_state=state("KEN"), next_report_due=timezone.localdate())


def report_reminders():
    # The worker runs on the real date: on a Monday the weekly digest goes out too, so look at this rule only.
    return Reminder.objects.filter(rule=ReminderRule.PLEDGE_REPORT_DUE)


def report_messages(smtp_server):
    return [m for m in smtp_server.messages if m.message["X-Reminder-Rule"] == ReminderRule.PLEDGE_REPORT_DUE]


def digests_recorded_beforehand() -> None:
    """On the real date the weekly digest may be due as well (Monday, or a catch-up day after it):
    record it now, unsent, so that the sweep sends the report's reminder alone. Otherwise a digest,
    sent at the same moment by the worker's other process, may be the "next message" a test stalls.
    """
    reminders_record(weekly_digest_candidates(timezone.localdate()), dispatch=None)


def reminders_settled(count: int):
    def check() -> bool:
        reminders = report_reminders()
        settled = reminders.exclude(status__in=[ReminderStatus.PENDING, ReminderStatus.SENDING])
        return reminders.count() == count and settled.count() == count

    return check


def test_a_due_pledge_is_delivered_once_to_its_focal_point_with_the_report_link(
    due_pledge, celery_worker_process, smtp_server, settings
):
    reminders_sweep_task.delay()
    wait_until(reminders_settled(1))

    [delivered] = report_messages(smtp_server)
    assert delivered.rcpt_tos == ["kamau@example.org"]
    assert f"{settings.SITE_URL}/pledges/{due_pledge.pk}/report/" in delivered.text
    assert f'href="{settings.SITE_URL}/pledges/{due_pledge.pk}/report/"' in delivered.html
    reminder = report_reminders().get()
    assert (reminder.status, reminder.tries, reminder.recipient.username) == (ReminderStatus.SENT, 1, "kamau")


def test_two_sweeps_at_once_and_a_third_later_still_send_one_message_per_reminder(
    due_pledge, celery_worker_process, smtp_server
):
    FocalPointFactory(username="wanjiru", member_state=state("KEN"))
    reminders_sweep_task.delay()
    reminders_sweep_task.delay()
    wait_until(reminders_settled(2))
    reminders_sweep_task.delay()
    wait_until(lambda: len(report_messages(smtp_server)) >= 2)
    celery_worker_process.start()  # a second worker process consuming the same queue
    reminders_sweep_task.delay()
    reminders_sweep_task.delay()
    wait_until(lambda: not report_reminders().exclude(status=ReminderStatus.SENT).exists())

    recipients = sorted(
        address for delivered in report_messages(smtp_server) for address in delivered.rcpt_tos
    )
    assert recipients == ["kamau@example.org", "wanjiru@example.org"]


def test_the_send_task_delivered_twice_sends_one_message(due_pledge, celery_worker_process, smtp_server):
    reminders_sweep_task.delay()
    wait_until(reminders_settled(1))
    reminder = report_reminders().get()
    reminder_send.delay(reminder.pk)
    reminder_send.delay(reminder.pk)
    # A sweep after the duplicates proves the worker got past them.
    reminders_sweep_task.delay()
    wait_until(lambda: report_reminders().get().tries == 1)

    assert len(report_messages(smtp_server)) == 1


def test_smtp_refusing_connections_then_recovering_delivers_once_after_a_retry(
    due_pledge, celery_worker_process, smtp_server
):
    smtp_server.stop()
    reminders_sweep_task.delay()
    failed_once = wait_until(
        lambda: report_reminders().filter(tries=1, status=ReminderStatus.PENDING).first()
    )
    assert "Connection refused" in failed_once.last_error or "ConnectionRefused" in failed_once.last_error
    smtp_server.start()
    wait_until(reminders_settled(1))

    reminder = report_reminders().get()
    assert reminder.status == ReminderStatus.SENT
    assert reminder.tries >= 2
    assert len(report_messages(smtp_server)) == 1


def test_a_worker_killed_while_sending_never_leads_to_a_second_message(
    due_pledge, celery_worker_process, smtp_server
):
    digests_recorded_beforehand()  # the stalled message must be the report's
    smtp_server.stall_next_message(seconds=30)
    [first_worker] = [process for process, _log in celery_worker_process.processes]
    reminders_sweep_task.delay()
    wait_until(lambda: report_messages(smtp_server))  # the server has the message; the worker awaits "250"
    assert report_reminders().get().status == ReminderStatus.SENDING
    celery_worker_process.kill(first_worker)
    # Redis hands an unacknowledged task out again once it is older than the visibility timeout,
    # checked when a worker starts (then rarely): start the next one after that.
    time.sleep(int(WORKER_TEST_ENV["CELERY_VISIBILITY_TIMEOUT"]) + 1)

    celery_worker_process.start()  # the broker redelivers the unacknowledged send task to it
    uncertain = report_reminders().filter(status=ReminderStatus.UNCERTAIN)
    reminder = wait_until(uncertain.first, timeout=60)

    assert reminder.last_error == UNCERTAIN  # the hand-over had started: never sent twice
    assert len(report_messages(smtp_server)) == 1

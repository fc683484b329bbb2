"""The sweep in batches: its queries do not grow with the reminders due (one statement per message,
its hand-over commit), a batch renders the same messages as one-by-one sending, and a worker dying
in the middle of a batch leaves nothing sent twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reminders import delivery
from reminders import selectors as due
from reminders.choices import ReminderRule, ReminderStatus
from reminders.delivery import SENT, SKIPPED, reminders_deliver
from reminders.messages import digests_prepare, reminder_email, reminders_to_render
from reminders.models import Reminder
from reminders.recording import reminders_settle, reminders_sweep
from reminders.rules import FOLLOW_UP_STEPS, pledge_report_steps
from tests.factories import FocalPointFactory, FollowUpFactory, PledgeFactory, VisitFactory, state
from tests.reminders.conftest import at

MONDAY = dt.date(2025, 5, 5)  # weekly digests go out too
STATES = ("KEN", "FJI", "BRA", "IND", "FRA")


@pytest.fixture
def focal_points(reference_data) -> list:
    """One focal point in each of five States (each also gets the weekly digest)."""
    return [FocalPointFactory(username=f"focal-{iso3.lower()}", member_state=state(iso3)) for iso3 in STATES]


def arrange(count: int, staff) -> None:
    """`count` pledges due today over five States, and `count` follow-ups due tomorrow."""
    for number in range(count):
        PledgeFactory(member_state=state(STATES[number % len(STATES)]), next_report_due=MONDAY)
        FollowUpFactory(assignee=staff, due_date=MONDAY + dt.timedelta(days=1))


def swept_with_queries(day: dt.date, django_capture_on_commit_callbacks) -> tuple[list[Reminder], int]:
    """Sweep `day` and send in process (the eager batch); the reminders and the queries it took."""
    ContentType.objects.clear_cache()  # each sweep reads the content types it needs afresh
    with at(day), CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True):
            recorded = reminders_sweep()
    return recorded, len(queries)


def test_the_sweep_takes_one_statement_per_message_and_otherwise_the_same_queries(
    staff, focal_points, django_capture_on_commit_callbacks, mailoutbox
):
    arrange(5, staff)
    few, few_queries = swept_with_queries(MONDAY, django_capture_on_commit_callbacks)
    Reminder.objects.all().delete()
    arrange(35, staff)  # 40 pledges and 40 follow-ups due now
    many, many_queries = swept_with_queries(MONDAY, django_capture_on_commit_callbacks)

    assert len(many) - len(few) == 70
    assert len(mailoutbox) == len(few) + len(many)
    # Everything but the hand-over commit (one statement a message) is shared by the batch.
    assert many_queries - few_queries == len(many) - len(few)


def test_recording_takes_the_same_queries_for_five_or_fifty_reminders_due(staff, focal_points):
    def recorded_with_queries() -> tuple[int, int]:
        ContentType.objects.clear_cache()
        with at(MONDAY), CaptureQueriesContext(connection) as queries:
            recorded = reminders_sweep(dispatch=lambda reminder_id: None)
        return len(recorded), len(queries)

    arrange(5, staff)
    few, few_queries = recorded_with_queries()
    Reminder.objects.all().delete()
    arrange(45, staff)
    many, many_queries = recorded_with_queries()
    assert (few, many) == (16, 106)  # pledges, follow-ups and six digests
    assert many_queries == few_queries


def test_a_second_sweep_records_nothing_and_a_reason_recorded_meanwhile_is_skipped(staff, focal_points):
    arrange(5, staff)
    with at(MONDAY):
        first = reminders_sweep(dispatch=lambda reminder_id: None)
        Reminder.objects.filter(pk=first[0].pk).delete()
        second = reminders_sweep(dispatch=lambda reminder_id: None)
    assert [(reminder.rule, reminder.object_id, reminder.recipient_id) for reminder in second] == [
        (first[0].rule, first[0].object_id, first[0].recipient_id)
    ]
    assert Reminder.objects.count() == len(first)


def test_a_batch_renders_every_message_as_sending_one_by_one_does(staff, focal_points, mailoutbox):
    arrange(4, staff)
    VisitFactory(end_date=MONDAY - dt.timedelta(days=90), owner=staff).pledges.set(
        [PledgeFactory(next_report_due=None), PledgeFactory(next_report_due=None)]
    )
    with at(MONDAY):
        recorded = reminders_sweep(dispatch=lambda reminder_id: None)
        assert {reminder.rule for reminder in recorded} >= {
            ReminderRule.PLEDGE_REPORT_DUE,
            ReminderRule.FOLLOW_UP_DUE,
            ReminderRule.VISIT_FOLLOW_UP,
            ReminderRule.WEEKLY_DIGEST,
        }
        batch = reminders_to_render([reminder.pk for reminder in recorded])
        shared: dict = {}
        digests_prepare(batch, shared)
        for reminder in batch:
            together = reminder_email(reminder, shared=shared)
            alone = reminder_email(Reminder.objects.get(pk=reminder.pk))
            assert (together.subject, together.body, together.alternatives) == (
                alone.subject,
                alone.body,
                alone.alternatives,
            )


def test_rendering_a_batch_takes_the_same_queries_for_few_or_many_messages(staff, focal_points):
    def rendered_with_queries(count: int) -> int:
        Reminder.objects.all().delete()
        arrange(count, staff)
        with at(MONDAY):
            ids = [reminder.pk for reminder in reminders_sweep(dispatch=lambda reminder_id: None)]
            ContentType.objects.clear_cache()
            with CaptureQueriesContext(connection) as queries:
                batch, shared = reminders_to_render(ids), {}
                digests_prepare(batch, shared)
                for reminder in batch:
                    reminder_email(reminder, shared=shared)
        return len(queries)

    assert rendered_with_queries(5) == rendered_with_queries(40)


def test_the_batch_skips_what_another_worker_holds_or_what_went_out(staff, focal_points, mailoutbox):
    arrange(3, staff)
    with at(MONDAY):
        recorded = reminders_sweep(dispatch=lambda reminder_id: None)
        held, done, *rest = recorded
        Reminder.objects.filter(pk=held.pk).update(status=ReminderStatus.SENDING, claimed_at=timezone.now())
        Reminder.objects.filter(pk=done.pk).update(status=ReminderStatus.SENT, sent_at=timezone.now())
        outcomes = reminders_deliver([reminder.pk for reminder in recorded])
        again = reminders_deliver([reminder.pk for reminder in recorded])
    assert outcomes == {SENT: len(rest), SKIPPED: 2}
    assert again == {SKIPPED: len(recorded)}
    assert len(mailoutbox) == len(rest)
    sent = Reminder.objects.filter(pk__in=[reminder.pk for reminder in rest])
    assert all(reminder.status == ReminderStatus.SENT for reminder in sent)
    assert all(reminder.handover_started_at and reminder.tries == 1 for reminder in sent)


class WorkerDied(BaseException):
    """Stands for the process being killed: no `except Exception` sees it."""


class DyingBackend(LocmemBackend):
    """Takes two messages, then the worker dies while handing over the third."""

    def send_messages(self, messages):
        if len(mail.outbox) == 2:
            raise WorkerDied
        return super().send_messages(messages)


def test_a_worker_dying_mid_batch_sends_nothing_twice(
    staff, focal_points, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.reminders.test_batch.DyingBackend"
    arrange(3, staff)
    with at(MONDAY):
        ids = [reminder.pk for reminder in reminders_sweep(dispatch=lambda reminder_id: None)]
        with pytest.raises(WorkerDied):
            reminders_deliver(ids)
    statuses = list(Reminder.objects.filter(pk__in=ids).order_by("pk").values_list("status", flat=True))
    # The first two went out and are recorded; the third was handed over (its marker is committed);
    # the rest were claimed and never handed over.
    assert statuses[:3] == [ReminderStatus.SENT, ReminderStatus.SENT, ReminderStatus.SENDING]
    assert set(statuses[3:]) == {ReminderStatus.SENDING}
    assert Reminder.objects.get(pk=ids[2]).handover_started_at is not None
    assert not Reminder.objects.filter(pk__in=ids[3:], handover_started_at__isnull=False).exists()

    lease_ago = timezone.now() - dt.timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS + 1)
    Reminder.objects.filter(pk__in=ids).update(claimed_at=lease_ago)
    queued: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        counts = reminders_settle(dispatch=queued.append)
    assert counts == {"reclaimed": len(ids) - 3, "uncertain": 1, "requeued": 0}
    assert sorted(queued) == sorted(ids[3:])
    assert Reminder.objects.get(pk=ids[2]).status == ReminderStatus.UNCERTAIN

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    assert reminders_deliver(ids) == {SENT: len(ids) - 3, SKIPPED: 3}
    sent_again = {message.extra_headers["Message-ID"].split("@")[0] for message in mail.outbox}
    assert sent_again == {f"<reminder-{pk}" for pk in ids[3:]}


def test_a_second_sweep_reads_no_pledge_or_follow_up_it_already_reminded(staff, focal_points):
    arrange(5, staff)

    def unsent() -> tuple[list, list]:
        pledges = due.pledges_with_unsent_report_step(
            today=MONDAY,
            steps=[(name, (day - MONDAY).days) for name, day in pledge_report_steps(MONDAY)],
            due_rule=ReminderRule.PLEDGE_REPORT_DUE,
            escalation_rule=ReminderRule.PLEDGE_REPORT_ESCALATION,
        )
        actions = due.follow_ups_with_unsent_step(
            today=MONDAY, steps=FOLLOW_UP_STEPS, rule=ReminderRule.FOLLOW_UP_DUE
        )
        return list(pledges), list(actions)

    with at(MONDAY):
        pledges, actions = unsent()
        reminders_sweep(dispatch=lambda reminder_id: None)
        assert (len(pledges), len(actions)) == (5, 5)
        assert unsent() == ([], [])


def test_the_digests_lists_are_read_once_per_sweep_however_many_batches_it_sends(
    staff, focal_points, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    def digest_list_queries(batch: int) -> int:
        Reminder.objects.all().delete()
        monkeypatch.setattr(delivery, "CLAIM_BATCH", batch)
        with at(MONDAY), CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                reminders_sweep()
        return sum("ROW_NUMBER() OVER" in query["sql"] for query in queries.captured_queries)

    arrange(5, staff)
    # The focal points' overdue and due-soon lists, the staff's two follow-up lists: one query each.
    assert digest_list_queries(100) == digest_list_queries(2) == 4

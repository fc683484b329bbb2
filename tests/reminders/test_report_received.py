"""Report received: a focal point's progress report is e-mailed to the Office once, when it is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from pledges.services import pledge_report_progress
from reminders.choices import ReminderRule, ReminderStatus
from reminders.models import Reminder
from reminders.recording import reminder_report_received
from reminders.tasks import reminder_send
from tests.factories import FocalPointFactory, PledgeFactory, ProgressReportFactory, StaffFactory, state
from tests.fixtures.services import wait_until
from tests.reminders.conftest import at

RULE = ReminderRule.REPORT_RECEIVED


@pytest.fixture
def bernard(reference_data):
    """The staff member who follows Kenya's pledges."""
    return StaffFactory(username="bernard", first_name="Bernard")


@pytest.fixture
def pledge(bernard):
    return PledgeFactory(
        member_state=state("KEN"), title="Costed national action plan", responsible_staff=bernard, progress=20
    )


def report(pledge, by, *, progress: int = 60, narrative: str = "The plan was costed and sent to cabinet."):
    return pledge_report_progress(
        pledge=pledge,
        by=by,
        status="in_progress",
        progress=progress,
        narrative=narrative,
        evidence_url="https://example.org/plan.pdf",
    )


def received(smtp_server):
    return [m for m in smtp_server.messages if m.message["X-Reminder-Rule"] == RULE]


def test_a_focal_points_report_emails_the_responsible_staff_member_once_over_smtp(
    pledge, focal_ken, staff, smtp_server, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        new = report(pledge, focal_ken)

    [delivered] = received(smtp_server)
    assert delivered.rcpt_tos == ["bernard@example.org"]  # not alice: bernard follows this pledge
    assert (
        delivered.message["Subject"] == "New progress report to verify: Costed national action plan (Kenya)"
    )
    assert "20 % -> 60 %" not in delivered.text  # a first report has nothing before it
    assert "60 %" in delivered.text
    assert "The plan was costed and sent to cabinet." in delivered.text
    assert f"{settings.SITE_URL}/verification/#report-{new.pk}" in delivered.text
    assert f'href="{settings.SITE_URL}/verification/#report-{new.pk}"' in delivered.html
    reminder = Reminder.objects.get(rule=RULE)
    assert (reminder.status, reminder.object_id, reminder.due_date) == (
        ReminderStatus.SENT,
        new.pk,
        timezone.localdate(new.created_at),
    )


def test_the_email_says_what_changed_since_the_previous_report(
    pledge, focal_ken, smtp_server, django_capture_on_commit_callbacks
):
    ProgressReportFactory(pledge=pledge, author=focal_ken, status="planned", progress=20)
    with django_capture_on_commit_callbacks(execute=True):
        report(pledge, focal_ken, progress=60)

    [delivered] = received(smtp_server)
    assert "Planned -> In progress" in delivered.text
    assert "20 % -> 60 %" in delivered.text


def test_receiving_the_signal_again_or_a_retried_send_task_sends_nothing_twice(
    pledge, focal_ken, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = report(pledge, focal_ken)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_report_received(new.pk) == []  # the reason is recorded already
    reminder_send.delay(Reminder.objects.get(rule=RULE).pk)  # a redelivered task

    assert len(received(smtp_server)) == 1
    assert Reminder.objects.filter(rule=RULE).count() == 1


def test_without_a_responsible_staff_member_every_active_staff_member_is_emailed(
    focal_ken, staff, smtp_server, django_capture_on_commit_callbacks
):
    StaffFactory(username="retired", is_active=False)
    StaffFactory(username="carmen")
    pledge = PledgeFactory(member_state=state("KEN"))
    with django_capture_on_commit_callbacks(execute=True):
        report(pledge, focal_ken)

    recipients = sorted(address for delivered in received(smtp_server) for address in delivered.rcpt_tos)
    assert recipients == ["alice@example.org", "carmen@example.org"]


def test_an_inactive_responsible_staff_member_is_replaced_by_all_staff(
    pledge, bernard, focal_ken, staff, smtp_server, django_capture_on_commit_callbacks
):
    bernard.is_active = False
    bernard.save()
    with django_capture_on_commit_callbacks(execute=True):
        report(pledge, focal_ken)

    assert [delivered.rcpt_tos for delivered in received(smtp_server)] == [["alice@example.org"]]


def test_a_staff_members_own_report_emails_nobody(
    pledge, staff, bernard, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(pledge, staff)

    assert received(smtp_server) == []
    assert not Reminder.objects.filter(rule=RULE).exists()


def test_a_report_whose_transaction_rolls_back_emails_nobody(
    pledge, focal_ken, smtp_server, django_capture_on_commit_callbacks
):
    def report_then_fail() -> None:
        with transaction.atomic():
            report(pledge, focal_ken)
            raise RuntimeError("the request failed after the report was written")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        report_then_fail()

    assert received(smtp_server) == []
    assert not Reminder.objects.exists()


def test_a_report_posted_to_the_api_emails_the_office_once(
    api, pledge, focal_ken, smtp_server, django_capture_on_commit_callbacks
):
    body = {"status": "in_progress", "progress": 60, "narrative": "Costed.", "evidence_url": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = api(focal_ken).post(f"/api/v1/pledges/{pledge.pk}/reports/", body, format="json")
    assert response.status_code == 201, response.content

    assert [delivered.rcpt_tos for delivered in received(smtp_server)] == [["bernard@example.org"]]
    assert Reminder.objects.filter(rule=RULE, object_id=response.json()["id"]).count() == 1


def test_the_reminders_api_lists_the_new_rule(
    api, pledge, focal_ken, bernard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(pledge, focal_ken)
    rows = api(bernard).get("/api/v1/reminders/", {"kind": RULE}).json()["results"]
    assert [(row["kind"], row["recipient"]) for row in rows] == [(RULE, "bernard")]


MONDAY = dt.date(2025, 6, 2)


def digests(mailoutbox) -> list:
    return [m for m in mailoutbox if m.extra_headers["X-Reminder-Rule"] == ReminderRule.WEEKLY_DIGEST]


def test_the_staff_digest_lists_the_reports_waiting_for_verification(
    pledge, focal_ken, bernard, sweep, mailoutbox, settings
):
    with at(MONDAY - dt.timedelta(days=3)):
        waiting = ProgressReportFactory(pledge=pledge, author=focal_ken)
    pledge.next_report_due = MONDAY + dt.timedelta(days=200)  # nothing else is due: the report alone
    pledge.save()
    sweep(MONDAY)

    [digest] = digests(mailoutbox)
    assert digest.to == ["bernard@example.org"]
    assert "1 progress report waiting for verification" in digest.body
    assert "KEN: Costed national action plan (reported " in digest.body
    assert f"{settings.SITE_URL}/verification/#report-{waiting.pk}" in digest.body


def test_a_focal_points_digest_does_not_list_reports_waiting_for_verification(
    pledge, focal_ken, sweep, mailoutbox
):
    ProgressReportFactory(pledge=pledge, author=focal_ken)
    pledge.next_report_due = MONDAY - dt.timedelta(days=1)  # overdue: Kenya's focal point has work
    pledge.save()
    sweep(MONDAY)

    [digest] = [m for m in digests(mailoutbox) if m.to == ["kamau@example.org"]]
    assert "waiting for verification" not in digest.body


@pytest.mark.celery_worker
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_report_received_email_exactly_once(
    reference_data, celery_worker_process, smtp_server
):
    bernard = StaffFactory(username="bernard")
    kamau = FocalPointFactory(username="kamau", member_state=state("KEN"))
    pledge = PledgeFactory(member_state=state("KEN"), responsible_staff=bernard)
    new = report(pledge, kamau)  # commits: the receiver queues the send on the real worker
    wait_until(lambda: Reminder.objects.filter(rule=RULE, status=ReminderStatus.SENT).exists())
    reminder = Reminder.objects.get(rule=RULE)
    reminder_send.delay(reminder.pk)  # a duplicate task, as a redelivery would make
    reminder_send.delay(reminder.pk)
    reminder_report_received(new.pk)  # and the receiver once more
    # Another report's e-mail proves the worker got past the duplicates.
    second = report(pledge, kamau, progress=70, narrative="Cabinet approved the plan.")
    wait_until(
        lambda: Reminder.objects.filter(rule=RULE, object_id=second.pk, status=ReminderStatus.SENT).exists()
    )

    assert [delivered.rcpt_tos for delivered in received(smtp_server)] == [
        ["bernard@example.org"],
        ["bernard@example.org"],
    ]
    assert Reminder.objects.get(pk=reminder.pk).tries == 1

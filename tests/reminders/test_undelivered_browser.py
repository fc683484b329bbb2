"""Browser: a staff member follows the dashboard's card to the reminders not delivered and resends one."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.choices import ReminderStatus
from reminders.delivery import UNCERTAIN
from reminders.models import Reminder
from tests.factories import FocalPointFactory, StaffFactory, state
from tests.reminders.test_undelivered import pledge_reminder

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def test_staff_find_the_undelivered_reminders_from_the_dashboard_and_resend_one(
    reference_data, sign_in, page_check
):
    StaffFactory(username="alice", first_name="Alice")
    focal = FocalPointFactory(username="kamau", first_name="Kamau", member_state=state("KEN"))
    now = timezone.now()
    uncertain = pledge_reminder(
        focal, subject="Kenya report due", status="uncertain", tries=1, last_error=UNCERTAIN, failed_at=now
    )
    pledge_reminder(
        focal,
        subject="Kenya report overdue",
        due_date="2025-05-22",
        status="failed",
        tries=40,
        last_error="ConnectionRefusedError: Connection refused (given up 72 h after the first try)",
        failed_at=now,
    )

    page = sign_in("alice")
    page.get_by_role("link", name="Reminders not delivered").click()
    page.wait_for_url("**/reminders/undelivered/")
    expect(page.get_by_text("2 reminders not delivered")).to_be_visible()
    page_check(page, "reminders-undelivered")

    page.get_by_role("row", name="Kenya report due").get_by_role("button", name="Resend").click()
    expect(page.get_by_text("Reminder queued again: Kenya report due")).to_be_visible()
    expect(page.get_by_text("1 reminder not delivered")).to_be_visible()
    uncertain.refresh_from_db()
    assert uncertain.status == ReminderStatus.SENT  # sent in process: no worker in this test
    assert Reminder.objects.filter(status=ReminderStatus.FAILED).count() == 1

"""Staff see the reminders that did not go out (failed, delivery uncertain) and resend them: on
/reminders/undelivered/, on the dashboard, in their weekly digest, in the admin and the API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pledges.models import Pledge
from reminders.choices import ReminderRule, ReminderStatus
from reminders.delivery import UNCERTAIN
from reminders.models import Reminder
from tests.factories import PledgeFactory

PAGE = "/reminders/undelivered/"
ADMIN_LINK = re.compile(r"""(href|action|hx-get|hx-post)=["'][^"']*/admin/""")


def pledge_reminder(recipient, *, subject: str, due_date: str = "2025-05-08", **fields) -> Reminder:
    """A pledge-report reminder about a pledge of the recipient's State, as the sweep records it."""
    pledge = PledgeFactory(member_state=recipient.member_state, next_report_due=due_date)
    return Reminder.objects.create(
        rule=ReminderRule.PLEDGE_REPORT_DUE,
        content_type=ContentType.objects.get_for_model(Pledge),
        object_id=pledge.pk,
        due_date=due_date,
        step="due",
        recipient=recipient,
        recipient_email=recipient.email,
        subject=subject,
        **fields,
    )


@pytest.fixture
def undelivered(focal_ken, focal_fji):
    now = timezone.now()
    error = "SMTPRecipientsRefused: 550 No such user"
    return {
        "failed": pledge_reminder(
            focal_ken, subject="Kenya report due", status="failed", tries=1, last_error=error, failed_at=now
        ),
        "uncertain": pledge_reminder(
            focal_fji,
            subject="Fiji report due",
            status="uncertain",
            tries=1,
            last_error=UNCERTAIN,
            failed_at=now,
        ),
        "sent": pledge_reminder(focal_ken, subject="Kenya report sent", status="sent", sent_at=now),
    }


def test_staff_see_failed_and_uncertain_reminders_with_their_error_and_resend(web, staff, undelivered):
    response = web(staff).get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 reminders not delivered" in page
    assert "Kenya report due" in page
    assert "Fiji report due" in page
    assert "Kenya report sent" not in page
    assert "Delivery uncertain" in page
    assert "550 No such user" in page
    for name in ("failed", "uncertain"):
        assert f'action="/reminders/{undelivered[name].pk}/resend/"' in page
    assert not ADMIN_LINK.search(page)


def test_resend_queues_an_uncertain_reminder_and_it_goes_out_once(
    web, staff, undelivered, mailoutbox, django_capture_on_commit_callbacks
):
    reminder = undelivered["uncertain"]
    client = web(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reminders/{reminder.pk}/resend/", follow=True)
    assert "Reminder queued again: Fiji report due" in response.content.decode()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries, reminder.failed_at) == (ReminderStatus.SENT, 1, None)
    assert [message.to for message in mailoutbox] == [["fiona@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reminders/{reminder.pk}/resend/")
    assert len(mailoutbox) == 1  # sent now: a second Resend leaves it alone


def test_resend_starts_a_fresh_deadline(web, staff, undelivered, django_capture_on_commit_callbacks):
    reminder = undelivered["failed"]
    Reminder.objects.filter(pk=reminder.pk).update(first_tried_at=timezone.now() - dt.timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=False):
        web(staff).post(f"/reminders/{reminder.pk}/resend/")
    reminder.refresh_from_db()
    assert (reminder.status, reminder.tries, reminder.first_tried_at) == (ReminderStatus.PENDING, 0, None)


def test_resend_leaves_a_sent_reminder_alone(web, staff, undelivered, mailoutbox):
    response = web(staff).post(f"/reminders/{undelivered['sent'].pk}/resend/", follow=True)
    assert "neither failed nor uncertain" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("who", ["focal_ken", "viewer"])
def test_only_staff_see_the_page_or_resend(web, request, who, undelivered):
    user = request.getfixturevalue(who)
    client = web(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(f"/reminders/{undelivered['failed'].pk}/resend/").status_code in (403, 404)
    assert Reminder.objects.get(pk=undelivered["failed"].pk).status == ReminderStatus.FAILED


def test_the_dashboard_shows_staff_how_many_reminders_did_not_go_out(web, staff, viewer, undelivered):
    page = web(staff).get("/").content.decode()
    card = page.split('data-figure="undelivered_reminders"')[1].split("</li>")[0]
    assert f'href="{PAGE}"' in card
    assert '<div class="figure">2</div>' in card
    assert 'data-figure="undelivered_reminders"' not in web(viewer).get("/").content.decode()


def test_the_staff_digest_lists_the_reminders_that_did_not_go_out(
    staff, undelivered, sweep, mailoutbox, settings
):
    # Nothing else is due that Monday: the reminders that failed this week are reason enough.
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    sweep(monday)
    [digest] = [message for message in mailoutbox if message.to == ["alice@example.org"]]
    assert Reminder.objects.get(recipient=staff).rule == ReminderRule.WEEKLY_DIGEST
    assert "2 reminders not delivered" in digest.body
    assert "Delivery uncertain: Fiji report due (fiona@example.org)" in digest.body
    assert f"{settings.SITE_URL}{PAGE}" in digest.body
    assert f'href="{settings.SITE_URL}{PAGE}"' in digest.alternatives[0][0]


def test_the_admin_resends_an_uncertain_reminder(
    admin_client, undelivered, django_capture_on_commit_callbacks
):
    reminder = undelivered["uncertain"]
    form = {"action": "resend", "_selected_action": [reminder.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/reminders/reminder/", form)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SENT


def test_the_api_lists_and_filters_uncertain_reminders(api, staff, undelivered):
    rows = api(staff).get("/api/v1/reminders/", {"status": "uncertain"}).json()["results"]
    assert [(row["id"], row["status"]) for row in rows] == [(undelivered["uncertain"].pk, "uncertain")]


def test_the_schema_names_the_uncertain_status(api, staff):
    schema = api(staff).get("/api/schema/", {"format": "json"}).json()
    assert "uncertain" in schema["components"]["schemas"]["ReminderStatusEnum"]["enum"]

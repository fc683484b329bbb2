"""Fixtures of the engagement API tests: the cast by role name, and a row of each resource."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from engagement.models import Contact
from meetings.models import Meeting
from reminders.models import Reminder
from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
    OrganizationFactory,
    UserFactory,
    VisitFactory,
    VnrFactory,
    state,
)

ROLES = ("anonymous", "focal_ken", "focal_fji", "viewer", "staff")


@pytest.fixture
def cast(staff, viewer, focal_ken, focal_fji):
    """Every role by name; `anonymous` is None."""
    return {
        "anonymous": None,
        "focal_ken": focal_ken,
        "focal_fji": focal_fji,
        "viewer": viewer,
        "staff": staff,
    }


@pytest.fixture
def kenyan_meeting(reference_data):
    meeting = MeetingFactory(title="Kenya bilateral")
    meeting.member_states.set([state("KEN")])
    return meeting


def make_reminder(recipient, *, subject: str = "Your pledge report is due", **fields) -> Reminder:
    """A reminder row addressed to `recipient` (about a meeting: the reason does not matter here)."""
    meeting = MeetingFactory()
    return Reminder.objects.create(
        rule=fields.pop("rule", "pledge_report_due"),
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=meeting.pk,
        due_date=fields.pop("due_date", "2025-05-08"),
        recipient=recipient,
        recipient_email=recipient.email,
        subject=subject,
        **fields,
    )


# One row of each resource, in Kenya's scope where scope applies; `cast` gives the users.
ROW_BUILDERS = {
    "member-states": lambda cast: state("KEN"),
    "organizations": lambda cast: OrganizationFactory(),
    "users": lambda cast: UserFactory(username="target"),
    "contacts": lambda cast: Contact.objects.create(name="Jane Wanjiru", member_state=state("KEN")),
    "meetings": lambda cast: MeetingFactory(),
    "vnr-engagements": lambda cast: VnrFactory(),
    "follow-ups": lambda cast: FollowUpFactory(assignee=cast["staff"]),
    "reminders": lambda cast: make_reminder(cast["focal_ken"]),
    "visits": lambda cast: VisitFactory(),
}


def row_url(endpoint: str, row) -> str:
    key = row.iso3 if endpoint == "member-states" else row.pk
    return f"/api/v1/{endpoint}/{key}/"

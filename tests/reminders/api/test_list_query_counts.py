"""The reminders list costs the same number of queries for a page of 1 and a page of 100."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from engagement.models import User
from reminders.models import Reminder
from tests.api_tables import ROWS, count_queries


def _reminders(staff) -> None:
    content_type = ContentType.objects.get_for_model(User)
    Reminder.objects.bulk_create(
        Reminder(
            rule="follow_up_due",
            content_type=content_type,
            object_id=i,
            due_date=dt.date(2024, 1, 1),
            recipient=staff,
            recipient_email=staff.email,
            subject="S",
        )
        for i in range(ROWS)
    )


ENDPOINTS = {
    "reminders": _reminders,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_100_costs_as_many_queries_as_a_page_of_1(api, staff, endpoint):
    ENDPOINTS[endpoint](staff)
    client = api(staff)
    url = f"/api/v1/{endpoint}/"

    one, hundred = count_queries(client, url, 1), count_queries(client, url, 100)

    print(f"{endpoint}: {one} queries")  # shown with -s: the figures quoted in the report
    assert one == hundred

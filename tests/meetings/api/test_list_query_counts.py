"""Every list endpoint of the meetings API costs the same number of queries for a page of 1 and of 100."""

from __future__ import annotations

import datetime as dt

import pytest

from engagement.choices import Vocabulary
from engagement.models import Organization
from meetings.models import FollowUpAction, Meeting
from tests.api_tables import ROWS, count_queries
from tests.factories import PledgeFactory, state, term


def _meetings(staff) -> None:
    meetings = Meeting.objects.bulk_create(
        Meeting(date=dt.date(2024, 1, 1), title=f"M{i}", kind="bilateral", mode="online", level="technical")
        for i in range(ROWS)
    )
    pledge = PledgeFactory()
    theme = term(Vocabulary.THEME, "climate")
    organization = Organization.objects.first()
    for meeting in meetings:
        meeting.member_states.add(state("KEN"))
        meeting.topics.add(theme)
        meeting.organizations.add(organization)
        meeting.pledges.add(pledge)
    FollowUpAction.objects.bulk_create(
        FollowUpAction(title="F", due_date=dt.date(2024, 2, 1), assignee=staff, meeting=meeting)
        for meeting in meetings
    )


def _follow_ups(staff) -> None:
    FollowUpAction.objects.bulk_create(
        FollowUpAction(title=f"F{i}", due_date=dt.date(2024, 2, 1), assignee=staff) for i in range(ROWS)
    )


ENDPOINTS = {
    "meetings": _meetings,
    "follow-ups": _follow_ups,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_100_costs_as_many_queries_as_a_page_of_1(api, staff, endpoint):
    ENDPOINTS[endpoint](staff)
    client = api(staff)
    url = f"/api/v1/{endpoint}/"

    one, hundred = count_queries(client, url, 1), count_queries(client, url, 100)

    print(f"{endpoint}: {one} queries")  # shown with -s: the figures quoted in the report
    assert one == hundred

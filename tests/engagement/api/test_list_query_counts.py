"""Every list endpoint costs the same number of queries for a page of 1 and a page of 100."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from engagement.choices import Vocabulary
from engagement.models import Contact, MemberState, Organization, User, VnrEngagement
from meetings.models import FollowUpAction, Meeting
from reminders.models import Reminder
from tests.factories import PledgeFactory, VisitFactory, state, term
from visits.models import CountryVisit, VisitSite

ROWS = 101


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


def _visits(staff) -> None:
    visit = VisitFactory(owner=staff)
    visits = CountryVisit.objects.bulk_create(
        CountryVisit(
            member_state=state("KEN"),
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2024, 1, 2),
            kind="official",
            owner=staff,
        )
        for _ in range(ROWS)
    )
    VisitSite.objects.bulk_create(VisitSite(visit=v, name="School", kind="school") for v in [visit, *visits])
    PledgeFactory(origin="country_visit", visit=visit)


def _users(staff) -> None:
    User.objects.bulk_create(
        User(username=f"u{i}", role="focal_point", member_state=state("KEN")) for i in range(ROWS)
    )


def _contacts(staff) -> None:
    Contact.objects.bulk_create(Contact(name=f"C{i}", member_state=state("KEN")) for i in range(ROWS))


def _organizations(staff) -> None:
    created = Organization.objects.bulk_create(
        Organization(name=f"Org {i}", kind="other") for i in range(ROWS)
    )
    for organization in created:
        organization.member_states.add(state("KEN"))


def _vnr(staff) -> None:
    VnrEngagement.objects.bulk_create(
        VnrEngagement(hlpf_year=2024, member_state=member_state)
        for member_state in MemberState.objects.all()[:ROWS]
    )


def _follow_ups(staff) -> None:
    FollowUpAction.objects.bulk_create(
        FollowUpAction(title=f"F{i}", due_date=dt.date(2024, 2, 1), assignee=staff) for i in range(ROWS)
    )


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


def _tokens(staff) -> None:
    for _ in range(ROWS):
        AuthToken.objects.create(user=staff)


ENDPOINTS = {
    "member-states": lambda staff: None,  # 195 States ship with the reference data
    "organizations": _organizations,
    "users": _users,
    "contacts": _contacts,
    "meetings": _meetings,
    "vnr-engagements": _vnr,
    "follow-ups": _follow_ups,
    "reminders": _reminders,
    "visits": _visits,
    "auth/tokens": _tokens,
}


def _count(client, url: str, page_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_100_costs_as_many_queries_as_a_page_of_1(api, staff, endpoint):
    ENDPOINTS[endpoint](staff)
    client = api(staff)
    url = f"/api/v1/{endpoint}/"

    one, hundred = _count(client, url, 1), _count(client, url, 100)

    print(f"{endpoint}: {one} queries")  # shown with -s: the figures quoted in the report
    assert one == hundred

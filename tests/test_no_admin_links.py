"""No page a staff member needs in a year of work links to the Django admin (it is for administrators)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import Resolver404, resolve

from pledges.models import Pledge, ReportVerification
from reminders.models import Reminder
from tests.factories import (
    EndorsementFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    VisitFactory,
    VnrFactory,
    state,
)

# Every page of a staff member's year: {name} placeholders are the records built below.
STAFF_PAGES = [
    "/",
    "/?year=2024",
    "/meetings/",
    "/meetings/new/",
    "/meetings/{meeting}/",
    "/meetings/{meeting}/edit/",
    "/meetings/{meeting}/delete/",
    "/visits/",
    "/visits/new/",
    "/visits/{visit}/",
    "/visits/{visit}/edit/",
    "/visits/{visit}/delete/",
    "/vnr/2024/",
    "/pledges/",
    "/pledges/new/",
    "/pledges/{pledge}/",
    "/pledges/{pledge}/edit/",
    "/pledges/{pledge}/report/",
    "/follow-ups/",
    "/follow-ups/new/",
    "/follow-ups/{follow_up}/edit/",
    "/alliance/",
    "/alliance/new/",
    "/alliance/KEN/edit/",
    "/endorsements/",
    "/endorsements/new/",
    "/endorsements/{endorsement}/edit/",
    "/verification/",
    "/reports/annual/2024/",
    "/states/KEN/",
    "/public/pledges/",
]
ADMIN_LINK = re.compile(r"""(href|action|hx-get|hx-post)=["'][^"']*/admin/""")


@pytest.fixture
def year_of_work(staff):
    """One record of each kind a staff member handles, with a report, a dispute and a reminder."""
    meeting = MeetingFactory(date=dt.date(2024, 3, 12))
    meeting.member_states.add(state("KEN"))
    visit = VisitFactory(member_state=state("KEN"))
    pledge = PledgeFactory(member_state=state("KEN"))
    report = ProgressReportFactory(pledge=pledge, author=staff)
    ReportVerification.objects.create(
        report=report, verdict="disputed", note="No evidence", verified_by=staff
    )
    Reminder.objects.create(
        rule="pledge_report_due",
        content_type=ContentType.objects.get_for_model(Pledge),
        object_id=pledge.pk,
        due_date=dt.date(2024, 5, 8),
        recipient=staff,
        recipient_email="alice@example.org",
        subject="Report due",
        status="sent",
        sent_at=dt.datetime(2024, 5, 8, 9, tzinfo=dt.UTC),
    )
    VnrFactory(hlpf_year=2024)
    MembershipFactory(member_state=state("KEN"))
    return {
        "meeting": meeting.pk,
        "visit": visit.pk,
        "pledge": pledge.pk,
        "follow_up": FollowUpFactory(assignee=staff, meeting=meeting).pk,
        "endorsement": EndorsementFactory(member_state=state("KEN")).pk,
    }


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_no_staff_page_links_to_the_admin(web, staff, year_of_work, path):
    url = path.format(**year_of_work)
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        pytest.skip(f"{url} is not a page of this version")
    response = web(staff).get(url)
    assert response.status_code == 200, url
    found = ADMIN_LINK.findall(response.content.decode())
    assert not found, f"{url} links to the admin"


def test_the_check_catches_an_admin_link():
    assert ADMIN_LINK.search('<a href="/admin/reminders/reminder/3/change/">sent</a>')
    assert not ADMIN_LINK.search('<a href="/pledges/3/">Report due</a>')

"""The State's story: one selector merging meetings, visits, pledges, reports, verdicts and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.selectors.state_story import state_story
from pledges.models import Pledge, ReportVerification
from reminders.models import Reminder
from tests.factories import MeetingFactory, PledgeFactory, ProgressReportFactory, VisitFactory, state


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def build_story(iso3: str, staff, offset: int = 0) -> None:
    """One of each event for a State, a day apart, in a known order."""
    base = dt.date(2025, 1, 1) + dt.timedelta(days=offset * 10)
    meeting = MeetingFactory(title=f"Meeting {iso3} {offset}", date=base)
    meeting.member_states.add(state(iso3))
    VisitFactory(
        member_state=state(iso3), start_date=base + dt.timedelta(days=1), end_date=base + dt.timedelta(days=2)
    )
    pledge = PledgeFactory(
        title=f"Pledge {iso3} {offset}", member_state=state(iso3), made_on=base + dt.timedelta(days=2)
    )
    report = ProgressReportFactory(pledge=pledge, author=staff, created_at=at(base + dt.timedelta(days=3)))
    ReportVerification.objects.create(
        report=report,
        verdict="disputed",
        note="Evidence missing",
        verified_by=staff,
        created_at=at(base + dt.timedelta(days=4)),
    )
    Reminder.objects.create(
        rule="pledge_report_due",
        content_type=ContentType.objects.get_for_model(Pledge),
        object_id=pledge.pk,
        due_date=base + dt.timedelta(days=5),
        recipient=staff,
        recipient_email=staff.email or "alice@example.org",
        subject=f"Report due on {pledge.title}",
        status="sent",
        sent_at=at(base + dt.timedelta(days=5)),
    )


@pytest.fixture
def stories(staff):
    build_story("KEN", staff)
    build_story("FJI", staff)


def test_staff_read_every_kind_of_event_newest_first(staff, stories):
    events = state_story(user=staff, state=state("KEN"))
    assert [event.kind for event in events] == [
        "reminder",
        "verification",
        "report",
        "pledge",
        "visit",
        "meeting",
    ]
    assert [event.date for event in events] == sorted((event.date for event in events), reverse=True)
    assert all(event.url.startswith("/") and not event.url.startswith("/admin/") for event in events)


def test_a_reminder_links_to_the_pledge_it_is_about(staff, stories):
    reminder = next(
        event for event in state_story(user=staff, state=state("KEN")) if event.kind == "reminder"
    )
    pledge = Pledge.objects.get(title="Pledge KEN 0")
    assert reminder.url == f"/pledges/{pledge.pk}/"


def test_viewer_reads_meetings_but_no_reminders(viewer, stories):
    kinds = {event.kind for event in state_story(user=viewer, state=state("KEN"))}
    assert "meeting" in kinds
    assert "reminder" not in kinds


def test_focal_point_never_reads_meetings_or_reminders(focal_ken, stories):
    kinds = [event.kind for event in state_story(user=focal_ken, state=state("KEN"))]
    assert kinds == ["verification", "report", "pledge", "visit"]


def test_focal_point_reads_nothing_of_another_state(focal_ken, stories):
    assert state_story(user=focal_ken, state=state("FJI")) == []


def test_no_event_of_another_state_leaks_into_a_story(staff, stories):
    titles = " ".join(event.title for event in state_story(user=staff, state=state("KEN")))
    assert "FJI" not in titles


def test_the_story_costs_the_same_queries_for_1_or_10_of_each_event(staff, reference_data):
    build_story("KEN", staff)
    kenya = state("KEN")
    with CaptureQueriesContext(connection) as one:
        state_story(user=staff, state=kenya)
    for offset in range(1, 10):
        build_story("KEN", staff, offset)
    with CaptureQueriesContext(connection) as ten:
        events = state_story(user=staff, state=kenya)
    assert len(events) == 60
    assert len(ten) == len(one) == 6


def test_state_page_shows_the_timeline(web, focal_ken, stories):
    page = web(focal_ken).get("/states/KEN/").content.decode()
    assert "Timeline" in page
    assert "Progress report on Pledge KEN 0" in page
    assert "Meeting KEN 0" not in page

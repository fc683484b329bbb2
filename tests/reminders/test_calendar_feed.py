"""`/calendar/<token>.ics`: each user's deadlines as iCalendar, read by two independent parsers
(vobject and icalendar), scoped like the pages (a focal point its own State's, staff theirs or all,
a viewer the office's and public records), with stable UIDs, and a 404 for a rotated address, an
inactive account and an account without a role."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import User
from meetings.choices import FollowUpStatus
from meetings.services import follow_up_update
from pledges.choices import Milestone, PledgeStatus, Visibility
from pledges.models import AllianceMilestone
from reminders.calendar import calendar_uid
from reminders.choices import CalendarScope
from reminders.services import calendar_feed_for, calendar_feed_rotate, calendar_feed_update
from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    PledgeFactory,
    StaffFactory,
    VisitFactory,
    state,
)
from visits.choices import VisitStatus

TODAY = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def bob(reference_data):
    return StaffFactory(username="bob", first_name="Bob")


@pytest.fixture
def records(staff, bob):
    """Deadlines of Kenya and Fiji, some of them Alice's, some Bob's, some that no feed shows."""
    ken, fji = state("KEN"), state("FJI")
    visit_ken = VisitFactory(
        member_state=ken,
        start_date=dt.date(2025, 4, 7),
        end_date=dt.date(2025, 4, 11),
        status=VisitStatus.PLANNED,
        owner=staff,
    )
    membership_ken = MembershipFactory(member_state=ken, joined_on=dt.date(2024, 11, 8))
    AllianceMilestone.objects.create(
        membership=membership_ken, code=Milestone.FOCAL_POINT_APPOINTED, done_on=dt.date(2025, 1, 10)
    )
    membership_fji = MembershipFactory(member_state=fji, joined_on=dt.date(2024, 11, 8))
    for code in Milestone.values:  # Fiji has done everything: no milestone deadline left.
        AllianceMilestone.objects.create(membership=membership_fji, code=code, done_on=dt.date(2025, 2, 1))
    made = {
        "follow_up_alice": FollowUpFactory(
            title="Send the visit report", due_date=dt.date(2025, 3, 20), assignee=staff, visit=visit_ken
        ),
        "follow_up_bob": FollowUpFactory(
            title="Share the roundtable summary",
            due_date=dt.date(2025, 4, 1),
            assignee=bob,
            meeting=MeetingFactory(),
        ),
        "visit_ken": visit_ken,
        "visit_ken_recent": VisitFactory(
            member_state=ken, start_date=dt.date(2024, 9, 2), end_date=dt.date(2024, 9, 6)
        ),
        "visit_fji": VisitFactory(
            member_state=fji,
            start_date=dt.date(2025, 5, 5),
            end_date=dt.date(2025, 5, 9),
            status=VisitStatus.CONFIRMED,
            owner=bob,
        ),
        "pledge_ken": PledgeFactory(
            member_state=ken,
            title="Costed national action plan",
            visibility=Visibility.INTERNAL,
            responsible_staff=staff,
            next_report_due=dt.date(2025, 5, 8),
        ),
        "pledge_fji": PledgeFactory(
            member_state=fji,
            title="Ban corporal punishment",
            visibility=Visibility.PUBLIC,
            responsible_staff=bob,
            next_report_due=dt.date(2025, 6, 2),
        ),
        "membership_ken": membership_ken,
    }
    # In no feed: closed or cancelled work, a visit more than a year past, an achieved pledge.
    FollowUpFactory(
        title="Closed already", assignee=staff, status=FollowUpStatus.DONE, closed_on=dt.date(2025, 3, 1)
    )
    VisitFactory(
        member_state=ken,
        start_date=dt.date(2025, 6, 2),
        end_date=dt.date(2025, 6, 4),
        status=VisitStatus.CANCELLED,
        owner=staff,
    )
    VisitFactory(member_state=ken, start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 12), owner=staff)
    PledgeFactory(
        member_state=ken,
        title="Achieved pledge",
        status=PledgeStatus.ACHIEVED,
        progress=100,
        responsible_staff=staff,
        next_report_due=dt.date(2025, 5, 8),
    )
    return made


# The event each record makes: (UID kind, record name in `records`).
EVENT_KINDS = {
    "follow_up_alice": "follow-up",
    "follow_up_bob": "follow-up",
    "visit_ken": "visit",
    "visit_ken_recent": "visit",
    "visit_fji": "visit",
    "pledge_ken": "pledge-report",
    "pledge_fji": "pledge-report",
    "membership_ken": "alliance-milestones",
}


def uids(records, *names: str) -> set[str]:
    return {calendar_uid(EVENT_KINDS[name], records[name].pk) for name in names}


def feed_path(user) -> str:
    return f"/calendar/{calendar_feed_for(user=user).token}.ics"


def parse(body: bytes) -> dict[str, dict]:
    """The events of a feed by UID, read by vobject and by icalendar, which must agree."""
    by_vobject = {}
    calendar = vobject.readOne(body.decode("utf-8"))
    assert calendar.version.value == "2.0"
    assert calendar.prodid.value
    for event in calendar.contents.get("vevent", []):
        assert event.dtstamp.value.tzinfo is not None
        by_vobject[event.uid.value] = {
            "summary": event.summary.value,
            "start": event.dtstart.value,
            "end": event.dtend.value,
            "url": event.url.value,
        }
    by_icalendar = {}
    parsed = icalendar.Calendar.from_ical(body)
    assert parsed.errors == []
    for event in parsed.events:
        assert not event.errors
        by_icalendar[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "start": event.start,
            "end": event.end,
            "url": str(event["URL"]),
        }
    assert by_vobject == by_icalendar
    return by_icalendar


def read_feed(web, user) -> dict[str, dict]:
    response = web().get(feed_path(user))
    assert response.status_code == 200
    return parse(response.content)


def test_the_feed_is_icalendar_that_no_cache_or_search_engine_keeps(web, focal_ken, records):
    response = web().get(feed_path(focal_ken))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "noindex" in response["X-Robots-Tag"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "X-WR-CALNAME:" in text
    assert "METHOD:PUBLISH" in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # RFC 5545 folding


def test_a_focal_point_reads_its_own_states_visits_milestones_and_reports_only(web, focal_ken, records):
    events = read_feed(web, focal_ken)

    assert set(events) == uids(records, "visit_ken", "visit_ken_recent", "pledge_ken", "membership_ken")
    pledge = events[calendar_uid("pledge-report", records["pledge_ken"].pk)]
    assert pledge["summary"] == "Progress report due: Costed national action plan (Kenya)"
    assert (pledge["start"], pledge["end"]) == (dt.date(2025, 5, 8), dt.date(2025, 5, 9))
    assert pledge["url"] == f"http://testserver/pledges/{records['pledge_ken'].pk}/report/"
    visit = events[calendar_uid("visit", records["visit_ken"].pk)]
    # A visit spans its days; DTEND is the day after the last one.
    assert (visit["start"], visit["end"]) == (dt.date(2025, 4, 7), dt.date(2025, 4, 12))
    assert visit["summary"] == "Official visit: Kenya"
    milestones = events[calendar_uid("alliance-milestones", records["membership_ken"].pk)]
    assert (milestones["start"], milestones["end"]) == (dt.date(2026, 5, 8), dt.date(2026, 5, 9))


def test_a_focal_point_never_sees_another_states_items_or_the_offices_follow_ups(web, focal_ken, records):
    body = web().get(feed_path(focal_ken)).content.decode()

    assert "Fiji" not in body
    assert "Ban corporal punishment" not in body  # public, but not Kenya's to report on
    assert "Send the visit report" not in body
    assert "Bob" not in body
    assert "alice" not in body


def test_staff_mine_holds_their_follow_ups_visits_and_pledges(web, staff, records):
    events = read_feed(web, staff)

    assert set(events) == uids(records, "follow_up_alice", "visit_ken", "pledge_ken")
    follow_up = events[calendar_uid("follow-up", records["follow_up_alice"].pk)]
    assert follow_up["summary"] == "Follow-up due: Send the visit report"
    assert (follow_up["start"], follow_up["end"]) == (dt.date(2025, 3, 20), dt.date(2025, 3, 21))
    assert follow_up["url"] == f"http://testserver/visits/{records['visit_ken'].pk}/"


def test_staff_all_holds_everything_open_the_office_follows(web, staff, records):
    calendar_feed_update(user=staff, scope=CalendarScope.ALL)

    events = read_feed(web, staff)

    assert set(events) == set(uids(records, *EVENT_KINDS))


def test_a_viewer_reads_visits_milestones_and_public_pledges_reports(web, viewer, records):
    events = read_feed(web, viewer)

    assert set(events) == uids(
        records, "visit_ken", "visit_ken_recent", "visit_fji", "pledge_fji", "membership_ken"
    )


def test_the_feed_speaks_its_users_language(web, focal_ken, records):
    User.objects.filter(pk=focal_ken.pk).update(language="es")

    response = web().get(feed_path(focal_ken))

    visit = parse(response.content)[calendar_uid("visit", records["visit_ken"].pk)]
    assert visit["summary"] == "Visita oficial: Kenia"
    assert response["Content-Language"] == "es"


def test_an_update_moves_the_event_under_the_same_uid(web, staff, records):
    follow_up = records["follow_up_alice"]
    uid = calendar_uid("follow-up", follow_up.pk)
    before = read_feed(web, staff)

    follow_up_update(follow_up=follow_up, data={"due_date": dt.date(2025, 3, 27)}, by=staff)
    after = read_feed(web, staff)

    assert set(after) == set(before)
    assert before[uid]["start"] == dt.date(2025, 3, 20)
    assert (after[uid]["start"], after[uid]["end"]) == (dt.date(2025, 3, 27), dt.date(2025, 3, 28))


def test_a_rotated_address_is_404_and_the_new_one_holds_the_same_events(web, focal_ken, records):
    old_path = feed_path(focal_ken)
    before = parse(web().get(old_path).content)

    calendar_feed_rotate(user=focal_ken)

    assert web().get(old_path).status_code == 404
    new_path = feed_path(focal_ken)
    assert new_path != old_path
    assert parse(web().get(new_path).content) == before


def test_an_inactive_account_or_one_without_a_role_is_404(web, focal_ken, viewer, records):
    focal_path, viewer_path = feed_path(focal_ken), feed_path(viewer)
    User.objects.filter(pk=focal_ken.pk).update(is_active=False)
    User.objects.filter(pk=viewer.pk).update(role="")

    assert web().get(focal_path).status_code == 404
    assert web().get(viewer_path).status_code == 404


@pytest.mark.parametrize(
    "path", ["/calendar/nope.ics", f"/calendar/{'x' * 43}.ics", f"/calendar/{'x' * 500}.ics"]
)
def test_an_unknown_address_is_404(web, reference_data, path):
    assert web().get(path).status_code == 404


def test_the_feed_answers_get_and_head_only(web, focal_ken, records):
    path = feed_path(focal_ken)

    assert web().head(path).status_code == 200
    assert web().post(path).status_code == 405


def _queries_of(web, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert web().get(path).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_events(web, staff, bob, records):
    calendar_feed_update(user=staff, scope=CalendarScope.ALL)
    path = feed_path(staff)
    few = _queries_of(web, path)

    for number in range(4):
        visit = VisitFactory(
            member_state=state("SEN"),
            start_date=dt.date(2025, 7, 1 + number),
            end_date=dt.date(2025, 7, 9),
            owner=bob,
        )
        FollowUpFactory(assignee=bob, visit=visit)
        FollowUpFactory(assignee=staff, pledge=PledgeFactory(member_state=state("SEN")))
        FollowUpFactory(assignee=bob, meeting=MeetingFactory())
        PledgeFactory(member_state=state("THA"), responsible_staff=bob)
    for iso3 in ("ISL", "LVA", "LTU"):
        AllianceMilestone.objects.create(
            membership=MembershipFactory(member_state=state(iso3)),
            code=Milestone.DATA_COLLECTED,
            done_on=dt.date(2025, 1, 2),
        )
    many = _queries_of(web, path)

    assert len(read_feed(web, staff)) == len(EVENT_KINDS) + 4 * 6 + 3
    assert many == few
    assert few <= 6  # the feed, then one read per kind of event (milestones: two)

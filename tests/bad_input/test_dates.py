"""Dates outside 1945-10-24..2100-12-31 are a 400 naming the field: no derived date leaves the calendar."""

from __future__ import annotations

import pytest

from meetings.models import FollowUpAction, Meeting
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from tests.bad_input.bodies import DATE_MESSAGE, follow_up_body, meeting_body, pledge_body, visit_body
from tests.factories import MembershipFactory, VisitFactory
from visits.models import CountryVisit

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "2101-01-01", "1945-10-23"]


# endpoint → (url, body with the date set, the rows that must not change)
CREATES = {
    "pledges": ("/api/v1/pledges/", lambda cast, **date: pledge_body(**date), Pledge.objects.count),
    "visits": ("/api/v1/visits/", lambda cast, **date: visit_body(**date), CountryVisit.objects.count),
    "meetings": ("/api/v1/meetings/", lambda cast, **date: meeting_body(**date), Meeting.objects.count),
    "follow-ups": ("/api/v1/follow-ups/", follow_up_body, FollowUpAction.objects.count),
    "cta-endorsements": (
        "/api/v1/cta-endorsements/",
        lambda cast, **date: {"member_state": "KEN", "signatory_level": "ministerial", **date},
        CtaEndorsement.objects.count,
    ),
    "alliance-memberships": (
        "/api/v1/alliance-memberships/",
        lambda cast, **date: {"member_state": "KEN", **date},
        AllianceMembership.objects.count,
    ),
}
DATE_FIELDS = [
    ("pledges", "made_on"),  # next_report_due = made_on + reporting interval
    ("pledges", "target_date"),
    ("visits", "start_date"),
    ("visits", "end_date"),  # the visit follow-up reminder falls days after the end
    ("meetings", "date"),
    ("follow-ups", "due_date"),  # reminder steps fall before and after the due date
    ("cta-endorsements", "endorsed_on"),
    ("alliance-memberships", "joined_on"),  # milestones fall due 18 months after joining
]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize(("endpoint", "field"), DATE_FIELDS)
def test_a_date_outside_the_calendar_range_is_a_400_naming_the_field(api, cast, endpoint, field, value):
    url, body, rows = CREATES[endpoint]
    payload = body(cast, **{field: value})

    response = api(cast["staff"]).post(url, payload, format="json")

    assert response.status_code == 400, response.content[:300]
    assert response.json()[field] == [DATE_MESSAGE]
    assert rows() == 0


@pytest.mark.parametrize("value", ["1945-10-24", "2100-12-31"])
def test_the_first_and_last_days_of_the_range_are_accepted(api, staff, value):
    response = api(staff).post(
        "/api/v1/pledges/", pledge_body(made_on=value, target_date=value), format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["made_on"] == value


def test_a_pledge_made_on_the_last_day_of_the_range_is_due_beyond_it(api, staff):
    response = api(staff).post(
        "/api/v1/pledges/", pledge_body(made_on="2100-12-31", reporting_interval_days=730), format="json"
    )

    assert response.json()["next_report_due"] == "2102-12-31"


def test_patching_made_on_to_9999_12_31_is_a_400_and_changes_nothing(api, staff, ken_pledge):
    before = Pledge.objects.values().get(pk=ken_pledge.pk)

    response = api(staff).patch(f"/api/v1/pledges/{ken_pledge.pk}/", {"made_on": "9999-12-31"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"made_on": [DATE_MESSAGE]}
    assert Pledge.objects.values().get(pk=ken_pledge.pk) == before
    assert ken_pledge.history.count() == 1


def test_patching_a_visits_end_to_9999_12_31_is_a_400(api, staff, reference_data):
    visit = VisitFactory()

    response = api(staff).patch(f"/api/v1/visits/{visit.pk}/", {"end_date": "9999-12-31"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"end_date": [DATE_MESSAGE]}
    visit.refresh_from_db()
    assert visit.end_date.year < 9999


def test_patching_a_join_date_to_9999_12_31_is_a_400(api, staff, reference_data):
    membership = MembershipFactory()

    response = api(staff).patch(
        f"/api/v1/alliance-memberships/{membership.pk}/", {"joined_on": "9999-12-31"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"joined_on": [DATE_MESSAGE]}


def test_a_milestone_done_before_the_range_is_a_400(api, staff, reference_data):
    membership = MembershipFactory()

    response = api(staff).post(
        f"/api/v1/alliance-memberships/{membership.pk}/milestones/focal_point_appointed/",
        {"done_on": "0001-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"done_on": [DATE_MESSAGE]}
    assert not membership.milestones.filter(done_on__isnull=False).exists()


def test_a_follow_up_inside_a_new_meeting_due_9999_12_31_refuses_the_meeting(api, cast):
    follow_up = {"title": "Send the note", "due_date": "9999-12-31", "assignee": cast["staff"].pk}

    response = api(cast["staff"]).post(
        "/api/v1/meetings/", meeting_body(follow_ups=[follow_up]), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"follow_ups": {"0": {"due_date": [DATE_MESSAGE]}}}
    assert not Meeting.objects.exists()

"""Visit list and visit page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import FollowUpFactory, PledgeFactory, VisitFactory, state


def test_upcoming_visits_come_before_past_ones(web, viewer, reference_data):
    today = timezone.localdate()
    VisitFactory(
        member_state=state("FJI"),
        start_date=today + dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=12),
    )
    VisitFactory(member_state=state("KEN"))
    page = web(viewer).get("/visits/").content.decode().split("Upcoming and under way")[1]
    upcoming, past = page.split("Past visits")
    assert "Fiji" in upcoming
    assert "Kenya" not in upcoming
    assert "Kenya" in past


def test_visit_page_shows_commitments_and_follow_ups(web, staff, reference_data):
    visit = VisitFactory()
    PledgeFactory(title="Raise the age of criminal responsibility", origin="country_visit", visit=visit)
    FollowUpFactory(title="Send the visit report", visit=visit)
    page = web(staff).get(f"/visits/{visit.pk}/").content.decode()
    assert "Raise the age of criminal responsibility" in page
    assert "Send the visit report" in page


def test_focal_point_gets_404_on_another_states_visit(web, focal_fji, reference_data):
    visit = VisitFactory(member_state=state("KEN"))
    assert web(focal_fji).get(f"/visits/{visit.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 60])
def test_list_costs_the_same_whatever_the_number_of_visits(web, viewer, django_assert_num_queries, count):
    VisitFactory.create_batch(count)
    client = web(viewer)
    with django_assert_num_queries(6):  # session, user, upcoming, count, page, one savepoint
        client.get("/visits/")

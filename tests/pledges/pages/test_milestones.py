"""Pathfinding milestones on the State page: shown with due and done dates, ticked by staff or the State."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pledges.models import AllianceMilestone
from tests.factories import MembershipFactory, state

URL = "/alliance/KEN/milestones/focal_point_appointed/"


@pytest.fixture
def membership(reference_data):
    return MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))


def yesterday() -> str:
    return (timezone.localdate() - dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 302), ("focal_ken", 302), ("focal_fji", 404), ("viewer", 403)],
)
def test_who_may_tick_a_milestone(web, request, membership, who, status):
    response = web(request.getfixturevalue(who)).post(URL, {"done_on": yesterday()})
    assert response.status_code == status
    assert AllianceMilestone.objects.filter(done_on__isnull=False).exists() == (status == 302)


def test_focal_point_ticks_its_own_milestone_and_sees_it_done(web, focal_ken, membership):
    client = web(focal_ken)
    response = client.post(URL, {"done_on": yesterday()})
    assert response["Location"] == "/states/KEN/#milestones"
    milestone = AllianceMilestone.objects.get()
    assert (milestone.code, milestone.done_on.isoformat()) == ("focal_point_appointed", yesterday())
    assert "Milestone marked done." in client.get("/states/KEN/").content.decode()


def test_a_future_date_is_refused_and_nothing_is_written(web, staff, membership):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    client = web(staff)
    client.post(URL, {"done_on": tomorrow})
    assert not AllianceMilestone.objects.exists()
    assert "A milestone cannot be done in the future." in client.get("/states/KEN/").content.decode()


def test_an_unknown_milestone_writes_nothing(web, staff, membership):
    web(staff).post("/alliance/KEN/milestones/world_peace/", {"done_on": yesterday()})
    assert not AllianceMilestone.objects.exists()


def test_state_page_flags_overdue_milestones(web, focal_ken, reference_data):
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2020, 1, 1))
    page = web(focal_ken).get("/states/KEN/").content.decode()
    assert page.count('<span class="overdue">Overdue</span>') == 5


def test_viewer_sees_milestones_without_tick_forms(web, viewer, membership):
    page = web(viewer).get("/states/KEN/").content.decode()
    assert "National focal point appointed" in page
    assert URL not in page


def test_focal_point_sees_tick_forms_on_its_state_page(web, focal_ken, membership):
    assert URL in web(focal_ken).get("/states/KEN/").content.decode()

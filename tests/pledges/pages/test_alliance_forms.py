"""/alliance/new/ and /alliance/<iso3>/edit/: staff add and edit Alliance members through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from pledges.models import AllianceMembership
from pledges.services import membership_create, membership_update
from tests.factories import MembershipFactory, state
from tests.fixtures.pages import assert_sent_to_sign_in

NEW = {
    "member_state": "KEN",
    "joined_on": "2024-11-08",
    "status": "active",
    "national_plan_status": "in_preparation",
    "focal_point": "Ministry of Labour",
    "notes": "",
}


def test_staff_adds_a_member(web, staff):
    response = web(staff).post("/alliance/new/", NEW)
    assert response.status_code == 302
    assert response["Location"] == "/alliance/"
    membership = AllianceMembership.objects.get()
    assert membership.member_state.iso3 == "KEN"
    assert membership.national_plan_status == "in_preparation"
    assert membership.history.latest().history_user == staff


def test_the_form_names_its_fields_as_the_api_does(web, staff):
    page = web(staff).get("/alliance/new/").content.decode()
    for name in ("member_state", "joined_on", "status", "national_plan_status", "focal_point", "notes"):
        assert f'name="{name}"' in page
    assert "data-picker" in page


def test_a_state_already_in_the_alliance_is_refused_with_a_link_to_it(web, staff, reference_data):
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))
    response = web(staff).post("/alliance/new/", NEW)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kenya is already a member of the Alliance, since 8 November 2024." in page
    assert 'href="/alliance/KEN/edit/"' in page
    assert AllianceMembership.objects.count() == 1


def test_staff_edits_a_member_but_not_its_state(web, staff, reference_data):
    membership = MembershipFactory(member_state=state("KEN"))
    client = web(staff)
    form = client.get("/alliance/ken/edit/").content.decode()
    assert 'name="member_state"' not in form
    data = {**NEW, "member_state": "FJI", "national_plan_status": "adopted", "joined_on": "2024-12-01"}
    response = client.post("/alliance/KEN/edit/", data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.member_state.iso3 == "KEN"
    assert membership.national_plan_status == "adopted"
    assert membership.joined_on == dt.date(2024, 12, 1)


def test_an_unknown_member_is_404(web, staff, reference_data):
    assert web(staff).get("/alliance/THA/edit/").status_code == 404


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_viewers_and_focal_points_are_refused_every_write(request, web, reference_data, role):
    client = web(request.getfixturevalue(role))
    MembershipFactory(member_state=state("KEN"), national_plan_status="none")
    assert client.get("/alliance/new/").status_code == 403
    assert client.post("/alliance/new/", {**NEW, "member_state": "THA"}).status_code == 403
    assert client.get("/alliance/KEN/edit/").status_code == 403
    assert client.post("/alliance/KEN/edit/", {**NEW, "national_plan_status": "adopted"}).status_code == 403
    assert list(AllianceMembership.objects.values_list("member_state__iso3", "national_plan_status")) == [
        ("KEN", "none")
    ]


@pytest.mark.parametrize("path", ["/alliance/", "/alliance/new/", "/alliance/KEN/edit/"])
def test_anonymous_callers_are_sent_to_sign_in(web, reference_data, path):
    MembershipFactory(member_state=state("KEN"))
    assert_sent_to_sign_in(web, path)


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_the_services_refuse_a_caller_who_is_not_staff(request, reference_data, role):
    user = request.getfixturevalue(role)
    membership = MembershipFactory(member_state=state("KEN"))
    with pytest.raises(PermissionDenied):
        membership_create(by=user, member_state=state("THA"), joined_on=dt.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        membership_update(membership=membership, data={"national_plan_status": "adopted"}, by=user)
    membership.refresh_from_db()
    assert membership.national_plan_status == "none"
    assert AllianceMembership.objects.count() == 1

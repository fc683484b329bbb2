"""vnr-engagements/: exactly one presenter, one engagement per presenter and HLPF year."""

from __future__ import annotations

from engagement.models import VnrEngagement
from tests.factories import OrganizationFactory, VnrFactory, state

URL = "/api/v1/vnr-engagements/"


def test_staff_record_an_organization_as_presenter(api, staff):
    eu = OrganizationFactory(kind="regional_organization")

    response = api(staff).post(URL, {"hlpf_year": 2023, "organization": eu.pk}, format="json")

    assert response.status_code == 201
    assert response.json()["member_state"] is None


def test_both_a_state_and_an_organization_is_a_400(api, staff):
    eu = OrganizationFactory()

    response = api(staff).post(
        URL, {"hlpf_year": 2023, "member_state": "KEN", "organization": eu.pk}, format="json"
    )

    assert response.status_code == 400
    assert "organization" in response.json()
    assert not VnrEngagement.objects.exists()


def test_no_presenter_is_a_400_on_member_state(api, staff):
    response = api(staff).post(URL, {"hlpf_year": 2023}, format="json")

    assert response.status_code == 400
    assert "member_state" in response.json()
    assert not VnrEngagement.objects.exists()


def test_the_same_state_twice_in_a_year_is_a_409(api, staff):
    VnrFactory(hlpf_year=2024, member_state=state("KEN"))

    response = api(staff).post(URL, {"hlpf_year": 2024, "member_state": "KEN"}, format="json")

    assert response.status_code == 409
    assert "already has a VNR engagement for 2024" in response.json()["member_state"][0]
    assert VnrEngagement.objects.count() == 1


def test_a_year_out_of_range_is_a_400_on_hlpf_year(api, staff):
    response = api(staff).post(URL, {"hlpf_year": 1999, "member_state": "KEN"}, format="json")

    assert response.status_code == 400
    assert "hlpf_year" in response.json()
    assert not VnrEngagement.objects.exists()


def test_a_stage_is_set_through_its_action(api, staff):
    engagement = VnrFactory()

    response = api(staff).post(f"{URL}{engagement.pk}/stages/meeting_held/", {"done": True}, format="json")

    assert response.status_code == 200
    assert response.json()["meeting_held"] is True


def test_a_focal_point_lists_only_its_own_states_engagements(api, focal_fji):
    VnrFactory(member_state=state("KEN"))
    VnrFactory(member_state=state("FJI"))

    rows = api(focal_fji).get(URL).json()["results"]

    assert [row["member_state"] for row in rows] == ["FJI"]
    assert "notes" not in rows[0]


def test_filters_by_hlpf_year_and_state(api, viewer):
    VnrFactory(hlpf_year=2023, member_state=state("KEN"))
    VnrFactory(hlpf_year=2024, member_state=state("KEN"))
    VnrFactory(hlpf_year=2024, member_state=state("FJI"))

    rows = api(viewer).get(URL, {"hlpf_year": 2024, "member_state": "KEN"}).json()["results"]

    assert [(row["hlpf_year"], row["member_state"]) for row in rows] == [(2024, "KEN")]


def test_deleting_a_presenter_through_the_api_records_who_removed_it(api, staff, reference_data):
    engagement = VnrFactory()
    assert api(staff).delete(f"/api/v1/vnr-engagements/{engagement.pk}/").status_code == 204
    removed = VnrEngagement.history.filter(id=engagement.pk, history_type="-").get()
    assert removed.history_user == staff

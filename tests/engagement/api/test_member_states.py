"""member-states/: reference data by ISO3, with the Bogota and Alliance flags."""

from __future__ import annotations

import pytest

from tests.factories import EndorsementFactory, MembershipFactory, state

URL = "/api/v1/member-states/"


def test_a_state_is_found_by_its_iso3_code(api, viewer):
    response = api(viewer).get(f"{URL}KEN/")

    assert response.status_code == 200
    body = response.json()
    assert body["iso3"] == "KEN"
    assert body["name"] == "Kenya"
    assert body["region"] == "Africa"
    assert body["subregion"] == state("KEN").subregion.name


def test_the_commitment_flags_follow_endorsements_and_memberships(api, viewer):
    EndorsementFactory(member_state=state("KEN"))
    MembershipFactory(member_state=state("FJI"))

    kenya = api(viewer).get(f"{URL}KEN/").json()
    fiji = api(viewer).get(f"{URL}FJI/").json()

    assert (kenya["cta_endorsed"], kenya["alliance_member"]) == (True, False)
    assert (fiji["cta_endorsed"], fiji["alliance_member"]) == (False, True)


def test_the_cta_endorsed_filter_lists_endorsing_states(api, viewer):
    EndorsementFactory(member_state=state("KEN"))

    response = api(viewer).get(URL, {"cta_endorsed": "true"})

    assert [row["iso3"] for row in response.json()["results"]] == ["KEN"]


@pytest.mark.parametrize("region", ["Oceania", "oceania", "009"])
def test_the_region_filter_takes_a_name_or_an_m49_code(api, viewer, region):
    response = api(viewer).get(URL, {"region": region, "page_size": 500})

    codes = [row["iso3"] for row in response.json()["results"]]
    assert "FJI" in codes
    assert "KEN" not in codes


def test_search_matches_the_iso3_code(api, focal_fji):
    response = api(focal_fji).get(URL, {"search": "ken"})

    assert "KEN" in [row["iso3"] for row in response.json()["results"]]


def test_a_focal_point_does_not_learn_other_states_commitments_from_the_flags(api, focal_ken, reference_data):
    EndorsementFactory(member_state=state("FJI"))
    MembershipFactory(member_state=state("FJI"))
    EndorsementFactory(member_state=state("KEN"))
    fiji = api(focal_ken).get("/api/v1/member-states/FJI/").json()
    kenya = api(focal_ken).get("/api/v1/member-states/KEN/").json()
    assert (fiji["cta_endorsed"], fiji["alliance_member"]) == (False, False)
    assert kenya["cta_endorsed"] is True
    listed = api(focal_ken).get("/api/v1/member-states/", {"cta_endorsed": "true"}).json()
    assert [row["iso3"] for row in listed["results"]] == ["KEN"]

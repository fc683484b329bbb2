"""/api/v1/cta-endorsements/: one Bogota Call-to-Action endorsement per State."""

from __future__ import annotations

import pytest

from pledges.models import CtaEndorsement
from tests.factories import EndorsementFactory, state

URL = "/api/v1/cta-endorsements/"
ENDORSEMENT = {"member_state": "KEN", "endorsed_on": "2024-11-08", "signatory_level": "ministerial"}


def test_staff_record_an_endorsement(api, staff):
    response = api(staff).post(URL, {**ENDORSEMENT, "signatory": "Cabinet Secretary"})
    assert response.status_code == 201, response.content
    assert response.json()["member_state"] == "KEN"
    assert CtaEndorsement.objects.get().signatory == "Cabinet Secretary"


def test_second_endorsement_of_a_state_is_409_with_a_message(api, staff):
    EndorsementFactory()
    response = api(staff).post(URL, ENDORSEMENT)
    assert response.status_code == 409
    assert "already endorsed" in response.json()["detail"]
    assert CtaEndorsement.objects.count() == 1


def test_moving_an_endorsement_onto_an_endorsing_state_is_409(api, staff):
    EndorsementFactory()
    fiji = EndorsementFactory(member_state=state("FJI"))
    response = api(staff).patch(f"{URL}{fiji.pk}/", {"member_state": "KEN"})
    assert response.status_code == 409
    assert CtaEndorsement.objects.get(pk=fiji.pk).member_state.iso3 == "FJI"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"member_state": "XYZ"}, "member_state"),
        ({"signatory_level": "king"}, "signatory_level"),
        ({"endorsed_on": "soon"}, "endorsed_on"),
    ],
)
def test_bad_endorsement_is_400_and_nothing_is_written(api, staff, change, field):
    response = api(staff).post(URL, {**ENDORSEMENT, **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not CtaEndorsement.objects.exists()


def test_filter_by_member_state(api, viewer):
    EndorsementFactory()
    EndorsementFactory(member_state=state("FJI"))
    rows = api(viewer).get(URL, {"member_state": "FJI"}).json()["results"]
    assert [row["member_state"] for row in rows] == ["FJI"]


def test_focal_point_sees_only_its_own_states_endorsement(api, focal_fji):
    EndorsementFactory()
    EndorsementFactory(member_state=state("FJI"))
    rows = api(focal_fji).get(URL).json()["results"]
    assert [row["member_state"] for row in rows] == ["FJI"]


def test_list_query_count_is_constant(api, viewer, django_assert_num_queries):
    for iso3 in ("KEN", "FJI", "BRA", "ISL", "ZMB", "SWE", "COL"):
        EndorsementFactory(member_state=state(iso3))
    client = api(viewer)
    with django_assert_num_queries(2):
        client.get(URL, {"page_size": 1})
    with django_assert_num_queries(2):
        client.get(URL, {"page_size": 100})

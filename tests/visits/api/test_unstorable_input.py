"""Input the database cannot hold (found by schemathesis) is a 400 that changes nothing, never a 500."""

from __future__ import annotations

import pytest

from tests.factories import VisitFactory
from visits.models import CountryVisit

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_an_iso3_code_is_a_400_and_changes_nothing(api, staff):
    visit = VisitFactory()
    response = api(staff).patch(f"/api/v1/visits/{visit.pk}/", {"member_state": "K\u0000N"}, format="json")
    assert response.status_code == 400
    assert "member_state" in response.json()
    assert CountryVisit.objects.get(pk=visit.pk).member_state.iso3 == "KEN"


def test_a_nul_byte_in_a_filter_or_search_is_a_400(api, staff):
    assert api(staff).get("/api/v1/visits/", {"member_state": "K\u0000N"}).status_code == 400
    assert api(staff).get("/api/v1/meetings/", {"search": "a\u0000b"}).status_code == 400


@pytest.mark.parametrize("year", ["0.0", "0", "1.5", "99999"])
def test_a_year_that_is_not_a_calendar_year_is_a_400(api, staff, year):
    response = api(staff).get("/api/v1/visits/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()

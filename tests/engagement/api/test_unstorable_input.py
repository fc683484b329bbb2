"""Input the database cannot hold (found by schemathesis) is a 400 that changes nothing, never a 500."""

from __future__ import annotations

import pytest

from engagement.models import User
from tests.factories import VisitFactory
from visits.models import CountryVisit

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_an_iso3_code_is_a_400_and_changes_nothing(api, staff):
    visit = VisitFactory()
    response = api(staff).patch(f"/api/v1/visits/{visit.pk}/", {"member_state": "K\u0000N"}, format="json")
    assert response.status_code == 400
    assert "member_state" in response.json()
    assert CountryVisit.objects.get(pk=visit.pk).member_state.iso3 == "KEN"


def test_a_nul_byte_in_a_topic_code_is_a_400(api, staff):
    response = api(staff).post(
        "/api/v1/meetings/",
        {"date": "2024-03-12", "title": "T", "kind": "bilateral", "mode": "online", "level": "technical",
         "topics": ["online\u0000protection"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "topics" in response.json()


def test_a_nul_byte_in_a_filter_or_search_is_a_400(api, staff):
    assert api(staff).get("/api/v1/visits/", {"member_state": "K\u0000N"}).status_code == 400
    assert api(staff).get("/api/v1/meetings/", {"search": "a\u0000b"}).status_code == 400


@pytest.mark.parametrize("year", ["0.0", "0", "1.5", "99999"])
def test_a_year_that_is_not_a_calendar_year_is_a_400(api, staff, year):
    response = api(staff).get("/api/v1/visits/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()


def test_an_account_needs_an_email_address(api, staff):
    response = api(staff).post("/api/v1/users/", {"username": "nomail", "role": "viewer"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()
    assert not User.objects.filter(username="nomail").exists()


def test_staff_cannot_deactivate_their_own_account(api, staff):
    response = api(staff).patch(f"/api/v1/users/{staff.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 400
    assert "is_active" in response.json()
    staff.refresh_from_db()
    assert staff.is_active


@pytest.mark.parametrize("url", ["/api/v1/meetings/", "/api/v1/member-states/", "/api/v1/reminders/"])
def test_a_nul_byte_in_search_is_a_400_in_csv_too(api, staff, url):
    response = api(staff).get(url, {"search": "a\u0000b", "format": "csv"})
    assert response.status_code == 400


def test_a_nul_byte_in_the_public_feeds_search_is_a_400(api):
    response = api().get("/api/v1/public/pledges/", {"search": "\u0000", "format": "csv"})
    assert response.status_code == 400

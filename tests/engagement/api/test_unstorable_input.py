"""Input the database cannot hold (found by schemathesis) is a 400 that changes nothing, never a 500."""

from __future__ import annotations

import pytest

from engagement.models import User

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("url", ["/api/v1/member-states/"])
def test_a_nul_byte_in_search_is_a_400_in_csv_too(api, staff, url):
    response = api(staff).get(url, {"search": "a\u0000b", "format": "csv"})
    assert response.status_code == 400

"""GET /api/v1/ lists where every collection lives."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_root_links_every_collection_of_the_contract(api):
    links = api().get("/api/v1/").json()
    assert links["pledges"] == "http://testserver/api/v1/pledges/"
    assert links["public/pledges"] == "http://testserver/api/v1/public/pledges/"
    assert {"member-states", "meetings", "visits", "dashboard/summary", "auth/token"} <= set(links)


def test_the_links_still_enforce_their_roles(api):
    assert api().get("/api/v1/pledges/").status_code == 401

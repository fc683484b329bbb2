"""Input the database cannot hold (found by schemathesis) is a 400 that changes nothing, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_public_feeds_search_is_a_400(api):
    response = api().get("/api/v1/public/pledges/", {"search": "\u0000", "format": "csv"})
    assert response.status_code == 400

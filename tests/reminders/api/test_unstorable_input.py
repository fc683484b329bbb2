"""Input the database cannot hold (found by schemathesis) is a 400 that changes nothing, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/reminders/"])
def test_a_nul_byte_in_search_is_a_400_in_csv_too(api, staff, url):
    response = api(staff).get(url, {"search": "a\u0000b", "format": "csv"})
    assert response.status_code == 400

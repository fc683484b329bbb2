"""Input the database cannot hold (found by schemathesis) is a 400 that changes nothing, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_a_topic_code_is_a_400(api, staff):
    response = api(staff).post(
        "/api/v1/meetings/",
        {"date": "2024-03-12", "title": "T", "kind": "bilateral", "mode": "online", "level": "technical",
         "topics": ["online\u0000protection"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "topics" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/meetings/"])
def test_a_nul_byte_in_search_is_a_400_in_csv_too(api, staff, url):
    response = api(staff).get(url, {"search": "a\u0000b", "format": "csv"})
    assert response.status_code == 400

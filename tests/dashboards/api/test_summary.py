"""GET /api/v1/dashboard/summary/: the year's counts, scoped to the caller."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboards.api.conftest import grow_tenfold

URL = "/api/v1/dashboard/summary/"

pytestmark = pytest.mark.django_db


def test_staff_summary_counts_the_records_dated_in_the_year(api, staff, year_2024):
    body = api(staff).get(URL, {"year": 2024}).json()

    assert body["year"] == 2024
    assert body["meetings"]["total"] == 2
    assert body["meetings"]["by_kind"]["conference"] == 1
    assert body["meetings"]["by_kind"]["dialogue_with_children"] == 1
    assert body["meetings"]["by_kind"]["bilateral"] == 0
    assert body["visits"] == {"total": 2, "official": 1, "follow_up": 1, "virtual": 0}
    assert body["children_engaged"] == 10 + 100 + 40 + 5
    assert body["vnr"]["presenters"] == 2
    assert body["vnr"]["stages"]["outreach_sent"] == 2
    assert body["vnr"]["stages"]["meeting_held"] == 1
    assert body["cta_endorsements"] == {"in_year": 1, "total": 2}
    assert body["alliance"] == {"joined": 1, "total": 2, "active": 2}


def test_staff_summary_reports_the_health_of_every_pledge(api, staff, year_2024):
    pledges = api(staff).get(URL, {"year": 2024}).json()["pledges"]

    assert pledges == {
        "made": 3,
        "total": 4,
        "by_status": {"planned": 1, "in_progress": 1, "achieved": 1, "off_track": 1, "withdrawn": 0},
        "overdue_reports": 2,
        "stale": 1,
        "without_indicator": 2,
    }


def test_summary_defaults_to_the_current_year(api, staff, year_2024):
    body = api(staff).get(URL).json()

    assert body["year"] == 2025
    assert body["meetings"]["total"] == 1
    assert body["alliance"]["joined"] == 1


def test_summary_of_an_empty_year_has_every_key_at_zero(api, staff, year_2024):
    body = api(staff).get(URL, {"year": 2010}).json()

    assert body["meetings"]["total"] == 0
    assert set(body["meetings"]["by_kind"].values()) == {0}
    assert body["children_engaged"] == 0
    assert body["pledges"]["made"] == 0
    assert body["pledges"]["total"] == 4


def test_focal_point_summary_counts_only_what_its_state_may_see(api, focal_ken, year_2024):
    body = api(focal_ken).get(URL, {"year": 2024}).json()

    assert body["meetings"]["total"] == 0
    assert body["visits"] == {"total": 1, "official": 1, "follow_up": 0, "virtual": 0}
    assert body["children_engaged"] == 40
    assert body["vnr"]["presenters"] == 1
    assert body["cta_endorsements"] == {"in_year": 1, "total": 1}
    assert body["alliance"]["total"] == 1
    # Its own two pledges and Fiji's public one; never Fiji's internal pledge.
    assert body["pledges"]["total"] == 3
    assert body["pledges"]["by_status"]["off_track"] == 0
    assert body["pledges"]["stale"] == 0


@pytest.mark.parametrize("year", ["abc", "1999", "2101"])
def test_summary_refuses_a_bad_year(api, staff, year):
    response = api(staff).get(URL, {"year": year})

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_summary_costs_the_same_queries_with_ten_times_the_rows(api, staff, year_2024):
    client = api(staff)
    with CaptureQueriesContext(connection) as before:
        client.get(URL, {"year": 2024})
    grow_tenfold()
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL, {"year": 2024})

    assert response.json()["meetings"]["total"] == 2 + 20
    assert len(after) == len(before) == 6

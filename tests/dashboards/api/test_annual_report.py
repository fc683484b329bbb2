"""GET /api/v1/reports/annual/{year}/: the year's key achievements (API.md, "The annual report")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboards.api.conftest import grow_tenfold

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "year",
    "meetings",
    "children_engaged",
    "visits",
    "vnr",
    "cta_endorsements",
    "alliance",
    "pledges",
}


def url(year: int) -> str:
    return f"/api/v1/reports/annual/{year}/"


def test_annual_report_has_every_key_of_the_contract(api, staff, year_2024):
    body = api(staff).get(url(2024)).json()

    assert CONTRACT_KEYS <= set(body)
    assert {"total", "by_kind"} <= set(body["meetings"])
    assert {"official", "follow_up", "virtual", "member_states"} <= set(body["visits"])
    assert {"presenters", "outreach_sent", "meetings_held"} <= set(body["vnr"])
    assert set(body["cta_endorsements"]) == {"total", "member_states"}
    assert set(body["alliance"]) == {"joined", "member_states"}
    assert set(body["pledges"]["by_status"]) == {
        "planned",
        "in_progress",
        "achieved",
        "off_track",
        "withdrawn",
    }


def test_annual_report_counts_the_records_dated_in_the_year(api, staff, year_2024):
    body = api(staff).get(url(2024)).json()

    assert body["year"] == 2024
    assert body["meetings"]["total"] == 2
    assert body["meetings"]["by_kind"] == {
        "bilateral": 0,
        "multilateral": 0,
        "conference": 1,
        "dialogue_with_children": 1,
        "roundtable": 0,
        "briefing": 0,
        "other": 0,
    }
    assert body["children_engaged"] == 155
    assert body["visits"]["official"] == 1
    assert body["visits"]["follow_up"] == 1
    assert body["visits"]["virtual"] == 0
    assert body["visits"]["member_states"] == ["FJI", "KEN"]
    assert body["vnr"]["presenters"] == 2
    assert body["vnr"]["outreach_sent"] == 2
    assert body["vnr"]["meetings_held"] == 1
    assert body["vnr"]["presenters_list"] == ["EU", "KEN"]
    assert body["cta_endorsements"] == {"total": 1, "member_states": ["KEN"]}
    assert body["alliance"] == {"joined": 1, "member_states": ["KEN"]}
    assert body["pledges"] == {
        "made": 3,
        "by_status": {"planned": 1, "in_progress": 1, "achieved": 1, "off_track": 0, "withdrawn": 0},
    }


def test_annual_report_leaves_out_cancelled_visits(api, staff, year_2024):
    visits = api(staff).get(url(2024)).json()["visits"]

    # The cancelled Kenyan visit of June (999 children) counts nowhere.
    assert visits["total"] == 2
    assert visits["children_met"] == 45


def test_next_year_starts_on_the_first_of_january(api, staff, year_2024):
    body = api(staff).get(url(2025)).json()

    assert body["meetings"]["total"] == 1
    assert body["alliance"] == {"joined": 1, "member_states": ["FJI"]}
    assert body["visits"]["member_states"] == []


def test_previous_year_ends_on_the_thirty_first_of_december(api, staff, year_2024):
    body = api(staff).get(url(2023)).json()

    assert body["meetings"]["total"] == 1
    assert body["children_engaged"] == 1000 + 7
    assert body["visits"]["virtual"] == 1
    assert body["pledges"]["made"] == 1
    assert body["cta_endorsements"]["member_states"] == ["FJI"]


@pytest.mark.parametrize("year", [1999, 2101])
def test_annual_report_of_a_year_out_of_range_is_not_found(api, staff, year):
    assert api(staff).get(url(year)).status_code == 404


def test_annual_report_costs_the_same_queries_with_ten_times_the_rows(api, staff, year_2024):
    client = api(staff)
    with CaptureQueriesContext(connection) as before:
        client.get(url(2024))
    grow_tenfold()
    with CaptureQueriesContext(connection) as after:
        body = client.get(url(2024)).json()

    assert len(body["alliance"]["member_states"]) == 21
    assert len(after) == len(before) == 8

"""GET /api/v1/dashboard/pledges/: pledges counted by status per group, scoped to the caller."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboards.api.conftest import grow_tenfold

URL = "/api/v1/dashboard/pledges/"

pytestmark = pytest.mark.django_db


def rows_by_group(response) -> dict:
    return {row["group"]: row for row in response.json()["results"]}


def test_breakdown_groups_by_region_by_default(api, staff, year_2024):
    response = api(staff).get(URL)

    assert response.json()["group_by"] == "region"
    rows = rows_by_group(response)
    assert rows["002"] == {
        "group": "002",
        "name": "Africa",
        "planned": 0,
        "in_progress": 1,
        "achieved": 1,
        "off_track": 0,
        "withdrawn": 0,
        "total": 2,
    }
    assert rows["009"]["name"] == "Oceania"
    assert rows["009"]["planned"] == rows["009"]["off_track"] == 1
    assert response.json()["totals"]["total"] == 4


def test_breakdown_by_member_state_uses_iso3_codes(api, staff, year_2024):
    rows = rows_by_group(api(staff).get(URL, {"group_by": "member_state"}))

    assert list(rows) == ["FJI", "KEN"]
    assert rows["KEN"]["name"] == "Kenya"
    assert rows["KEN"]["total"] == 2


def test_breakdown_by_area_and_origin_names_the_choice(api, staff, year_2024):
    by_area = rows_by_group(api(staff).get(URL, {"group_by": "area"}))
    by_origin = rows_by_group(api(staff).get(URL, {"group_by": "origin"}))

    assert by_area["policy_and_plans"]["name"] == "Policy and plans"
    assert by_area["policy_and_plans"]["total"] == 4
    assert by_origin["bogota_2024"]["total"] == 4


@pytest.mark.parametrize(
    ("focal_point", "own", "other", "own_total", "other_total"),
    [("focal_ken", "KEN", "FJI", 2, 1), ("focal_fji", "FJI", "KEN", 2, 1)],
)
def test_focal_point_breakdown_never_counts_another_states_internal_pledges(
    api, request, year_2024, focal_point, own, other, own_total, other_total
):
    rows = rows_by_group(api(request.getfixturevalue(focal_point)).get(URL, {"group_by": "member_state"}))

    assert rows[own]["total"] == own_total
    assert rows[other]["total"] == other_total


def test_focal_point_breakdown_omits_a_state_with_only_internal_pledges(api, focal_ken, year_2024):
    year_2024["fji_public"].delete()

    rows = rows_by_group(api(focal_ken).get(URL, {"group_by": "member_state"}))

    assert list(rows) == ["KEN"]


def test_breakdown_refuses_an_unknown_grouping(api, staff):
    response = api(staff).get(URL, {"group_by": "colour"})

    assert response.status_code == 400
    assert list(response.json()) == ["group_by"]


def test_breakdown_costs_one_query_whatever_the_rows(api, staff, year_2024):
    client = api(staff)
    groupings = ["region", "area", "origin", "member_state"]
    before = {}
    for group_by in groupings:
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"group_by": group_by})
        before[group_by] = len(queries)
    grow_tenfold()
    after = {}
    for group_by in groupings:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"group_by": group_by})
        after[group_by] = len(queries)
        assert response.json()["totals"]["total"] == 4 + 40

    assert after == before == dict.fromkeys(groupings, 1)

"""GET /api/v1/dashboard/reporting/: report cycles due, received and on time in a year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pledges.choices import PledgeStatus, Visibility
from tests.dashboards.api.conftest import grow_tenfold
from tests.factories import PledgeFactory, ProgressReportFactory, state

URL = "/api/v1/dashboard/reporting/"

pytestmark = pytest.mark.django_db


def report(pledge, author, due: dt.date, made: dt.date) -> None:
    ProgressReportFactory(
        pledge=pledge,
        author=author,
        due_date=due,
        created_at=dt.datetime.combine(made, dt.time(12), tzinfo=dt.UTC),
    )


@pytest.fixture
def cycles(reference_data, frozen_today, staff):
    """Kenya: two 2024 cycles reported (one late, reported twice), one 2023 cycle.

    Fiji: one public pledge silent since its report fell due on 31 Dec 2024, an internal one
    due in 2024 but achieved, and an internal one waiting since May 2024.
    """
    ken, fji = state("KEN"), state("FJI")
    reporting = PledgeFactory(member_state=ken, next_report_due=dt.date(2025, 3, 1))
    report(reporting, staff, due=dt.date(2023, 12, 31), made=dt.date(2023, 12, 20))
    report(reporting, staff, due=dt.date(2024, 3, 1), made=dt.date(2024, 3, 1))
    report(reporting, staff, due=dt.date(2024, 9, 1), made=dt.date(2024, 9, 10))
    report(reporting, staff, due=dt.date(2024, 9, 1), made=dt.date(2024, 9, 12))
    PledgeFactory(member_state=ken, next_report_due=dt.date(2025, 1, 1))
    PledgeFactory(member_state=fji, next_report_due=dt.date(2024, 12, 31))
    PledgeFactory(
        member_state=fji,
        next_report_due=dt.date(2024, 5, 1),
        status=PledgeStatus.ACHIEVED,
        progress=100,
    )
    PledgeFactory(member_state=fji, next_report_due=dt.date(2024, 5, 1), visibility=Visibility.INTERNAL)


def rows_by_group(response) -> dict:
    return {row["group"]: row for row in response.json()["results"]}


def test_reporting_counts_cycles_per_state(api, staff, cycles):
    rows = rows_by_group(api(staff).get(URL, {"year": 2024}))

    assert rows["KEN"] == {
        "group": "KEN",
        "name": "Kenya",
        "reports_due": 2,
        "reports_received": 2,
        "received_on_time": 1,
        "reporting_rate": 1.0,
        "on_time_rate": 0.5,
    }
    assert rows["FJI"]["reports_due"] == 2
    assert rows["FJI"]["reports_received"] == 0
    assert rows["FJI"]["reporting_rate"] == 0.0


def test_reporting_totals_add_up_the_groups(api, staff, cycles):
    total = api(staff).get(URL, {"year": 2024}).json()["total"]

    assert total == {
        "reports_due": 4,
        "reports_received": 2,
        "received_on_time": 1,
        "reporting_rate": 0.5,
        "on_time_rate": 0.25,
    }


def test_reporting_by_region(api, staff, cycles):
    rows = rows_by_group(api(staff).get(URL, {"year": 2024, "group_by": "region"}))

    assert rows["002"]["name"] == "Africa"
    assert rows["002"]["reports_due"] == 2
    assert rows["009"]["reports_due"] == 2


def test_rates_are_null_when_nothing_was_due(api, staff, cycles):
    body = api(staff).get(URL, {"year": 2019}).json()

    assert body["results"] == []
    assert body["total"]["reports_due"] == 0
    assert body["total"]["reporting_rate"] is None
    assert body["total"]["on_time_rate"] is None


def test_focal_point_sees_only_its_own_states_reporting(api, focal_fji, cycles):
    body = api(focal_fji).get(URL, {"year": 2024}).json()

    assert list(rows_by_group_body(body)) == ["FJI"]
    assert body["total"]["reports_due"] == 2


def test_viewer_counts_only_public_pledges(api, viewer, cycles):
    rows = rows_by_group(api(viewer).get(URL, {"year": 2024}))

    assert rows["FJI"]["reports_due"] == 1
    assert rows["KEN"]["reports_due"] == 2


@pytest.mark.parametrize("params", [{"group_by": "area"}, {"year": "last"}])
def test_reporting_refuses_bad_parameters(api, staff, params):
    response = api(staff).get(URL, params)

    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_reporting_costs_the_same_queries_with_ten_times_the_rows(api, staff, cycles):
    client = api(staff)
    with CaptureQueriesContext(connection) as before:
        client.get(URL, {"year": 2024})
    grow_tenfold()
    with CaptureQueriesContext(connection) as after:
        body = client.get(URL, {"year": 2024}).json()

    assert body["total"]["reports_received"] == 2 + 40
    assert len(after) == len(before) == 2


def rows_by_group_body(body) -> dict:
    return {row["group"]: row for row in body["results"]}

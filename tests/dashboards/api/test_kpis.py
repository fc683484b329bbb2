"""GET /api/v1/dashboard/kpis/: each indicator month by month against its monthly target."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import Indicator, IndicatorTarget, IndicatorValue
from meetings.choices import FollowUpStatus
from tests.dashboards.api.conftest import grow_tenfold
from tests.factories import FollowUpFactory, ProgressReportFactory

URL = "/api/v1/dashboard/kpis/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpi_records(year_2024, staff):
    """Follow-ups closed on time, late and cancelled; reports; a manual value; a 2024 target."""
    due = dt.date(2024, 3, 10)
    FollowUpFactory(assignee=staff, due_date=due, status=FollowUpStatus.DONE, closed_on=due)
    FollowUpFactory(assignee=staff, due_date=due, status=FollowUpStatus.DONE, closed_on=dt.date(2024, 3, 11))
    FollowUpFactory(assignee=staff, due_date=due, status=FollowUpStatus.CANCELLED, closed_on=due)
    for pledge, reported_at in [
        (year_2024["ken_public"], dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC)),
        (year_2024["ken_internal"], dt.datetime(2024, 12, 1, 9, tzinfo=dt.UTC)),
        (year_2024["ken_public"], dt.datetime(2025, 1, 1, 0, 30, tzinfo=dt.UTC)),
    ]:
        ProgressReportFactory(pledge=pledge, author=staff, created_at=reported_at)
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="social_media_reach"), month=dt.date(2024, 2, 1), value=5000
    )
    IndicatorTarget.objects.create(indicator=Indicator.objects.get(code="meetings"), year=2024, target=120)


def table(response) -> dict[tuple[str, str], dict]:
    return {(row["indicator"], row["month"]): row for row in response.json()["results"]}


def test_kpis_have_one_row_per_indicator_per_month(api, staff, kpi_records):
    response = api(staff).get(URL, {"from": "2024-01", "to": "2024-12"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == Indicator.objects.count() * 12
    assert response.json()["from"] == "2024-01"
    assert response.json()["to"] == "2024-12"


def test_computed_indicators_count_the_records_of_each_month(api, staff, kpi_records):
    rows = table(api(staff).get(URL, {"from": "2024-01", "to": "2024-12"}))

    assert rows["meetings", "2024-01"]["value"] == 1
    assert rows["meetings", "2024-12"]["value"] == 1
    assert rows["meetings", "2024-06"]["value"] == 0
    assert rows["conferences", "2024-01"]["value"] == 1
    assert rows["conferences", "2024-12"]["value"] == 0
    assert rows["visits", "2024-06"]["value"] == 0  # the June visit was cancelled
    assert rows["visits", "2024-12"]["value"] == 1
    assert rows["children_engaged", "2024-01"]["value"] == 10 + 40
    assert rows["children_engaged", "2024-12"]["value"] == 100 + 5
    assert rows["cta_endorsements", "2024-11"]["value"] == 1
    assert rows["alliance_members", "2024-11"]["value"] == 1
    assert rows["pledge_reports_received", "2024-12"]["value"] == 2
    assert rows["follow_ups_closed_on_time", "2024-03"]["value"] == 1


def test_vnr_presenters_reached_count_in_july_of_their_hlpf_year(api, staff, kpi_records):
    rows = table(api(staff).get(URL, {"from": "2023-01", "to": "2024-12"}))

    assert rows["vnr_presenters_reached", "2024-07"]["value"] == 2
    assert rows["vnr_presenters_reached", "2023-07"]["value"] == 1
    assert rows["vnr_presenters_reached", "2024-06"]["value"] == 0


def test_a_manual_indicator_without_a_value_is_null(api, staff, kpi_records):
    rows = table(api(staff).get(URL, {"from": "2024-01", "to": "2024-03"}))

    assert rows["social_media_reach", "2024-02"]["value"] == 5000
    assert rows["social_media_reach", "2024-03"]["value"] is None
    assert rows["social_media_reach", "2024-03"]["source"] == "manual"


def test_monthly_target_is_the_years_target_over_twelve(api, staff, kpi_records):
    rows = table(api(staff).get(URL, {"from": "2024-12", "to": "2025-01"}))

    assert rows["meetings", "2024-12"]["yearly_target"] == 120
    assert rows["meetings", "2024-12"]["target"] == 10
    # No 2025 target recorded: the indicator's default 289 a year, 24.08 a month.
    assert rows["meetings", "2025-01"]["yearly_target"] == 289
    assert rows["meetings", "2025-01"]["target"] == 24


def test_kpis_default_to_the_twelve_months_ending_this_month(api, staff, kpi_records):
    body = api(staff).get(URL).json()

    assert (body["from"], body["to"]) == ("2024-07", "2025-06")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2024-13"}, "from"),
        ({"from": "24-01"}, "from"),
        ({"to": "2024-1"}, "to"),
        ({"from": "2024-06", "to": "2024-05"}, "to"),
        ({"from": "2022-01", "to": "2025-01"}, "to"),
    ],
)
def test_kpis_refuse_a_bad_month_range_naming_the_parameter(api, staff, params, field):
    response = api(staff).get(URL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_kpis_accept_exactly_thirty_six_months(api, staff, reference_data):
    response = api(staff).get(URL, {"from": "2022-01", "to": "2024-12"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == Indicator.objects.count() * 36


def test_kpis_cost_the_same_queries_whatever_the_span_and_rows(api, staff, kpi_records):
    client = api(staff)
    with CaptureQueriesContext(connection) as one_month:
        client.get(URL, {"from": "2024-01", "to": "2024-01"})
    grow_tenfold()
    with CaptureQueriesContext(connection) as three_years:
        response = client.get(URL, {"from": "2022-01", "to": "2024-12"})

    assert table(response)["meetings", "2024-01"]["value"] == 1 + 2
    assert len(three_years) == len(one_month) == 10

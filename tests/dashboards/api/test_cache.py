"""Dashboard aggregates are cached per scope and counted again after any write that feeds them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import Indicator, IndicatorTarget, IndicatorValue
from meetings.models import Meeting
from pledges.choices import Milestone, Verdict
from pledges.models import AllianceMilestone, Pledge, ReportVerification
from tests.dashboards.api.conftest import TODAY
from tests.factories import (
    EndorsementFactory,
    FocalPointFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    VisitFactory,
    VnrFactory,
    state,
)

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/dashboard/summary/"
ENDPOINTS = [
    ("/api/v1/dashboard/summary/", {"year": 2024}),
    ("/api/v1/dashboard/pledges/", {"group_by": "region"}),
    ("/api/v1/dashboard/kpis/", {"from": "2024-01", "to": "2024-12"}),
    ("/api/v1/dashboard/reporting/", {"year": 2024}),
    ("/api/v1/reports/annual/2024/", {}),
]


@pytest.fixture(autouse=True)
def _cached_aggregates(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300


def queries_of(client, url: str, params: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.parametrize(("url", "params"), ENDPOINTS)
def test_a_second_call_costs_no_queries(api, staff, year_2024, django_assert_num_queries, url, params):
    client = api(staff)
    first = client.get(url, params).json()

    # The client is force-authenticated: no session or user lookup, so nothing at all.
    with django_assert_num_queries(0):
        second = client.get(url, params).json()
    assert second == first


def test_a_disabled_cache_counts_every_call(api, staff, year_2024, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    client = api(staff)
    client.get(SUMMARY, {"year": 2024})

    assert queries_of(client, SUMMARY, {"year": 2024})[0] == 6


def test_a_new_meeting_shows_on_the_next_summary(api, staff, year_2024):
    client = api(staff)
    assert client.get(SUMMARY, {"year": 2024}).json()["meetings"]["total"] == 2

    MeetingFactory(date=dt.date(2024, 3, 3))

    assert client.get(SUMMARY, {"year": 2024}).json()["meetings"]["total"] == 3


def test_a_deleted_pledge_leaves_the_next_breakdown(api, staff, year_2024):
    client = api(staff)
    url, params = "/api/v1/dashboard/pledges/", {"group_by": "member_state"}
    assert client.get(url, params).json()["totals"]["total"] == 4

    Pledge.objects.get(pk=year_2024["fji_public"].pk).delete()

    assert client.get(url, params).json()["totals"]["total"] == 3


def test_a_manual_kpi_value_shows_on_the_next_kpi_table(api, staff, year_2024):
    client = api(staff)
    url, params = "/api/v1/dashboard/kpis/", {"from": "2024-02", "to": "2024-02"}
    indicator = Indicator.objects.get(code="social_media_reach")
    row = next(row for row in client.get(url, params).json()["results"] if row["indicator"] == indicator.code)
    assert row["value"] is None

    IndicatorValue.objects.create(indicator=indicator, month=dt.date(2024, 2, 1), value=5000)

    row = next(row for row in client.get(url, params).json()["results"] if row["indicator"] == indicator.code)
    assert row["value"] == 5000


def _verification(staff, pledges):
    report = ProgressReportFactory(pledge=pledges["ken_public"], author=staff)
    return ReportVerification.objects.create(report=report, verdict=Verdict.VERIFIED, verified_by=staff)


# One write to each model the aggregates are counted from, many-to-many links included.
WRITES = {
    "pledge": lambda staff, pledges: PledgeFactory(member_state=state("KEN")),
    "progress report": lambda staff, pledges: ProgressReportFactory(
        pledge=pledges["ken_public"], author=staff
    ),
    "report verification": _verification,
    "meeting": lambda staff, pledges: MeetingFactory(),
    "meeting linked to a pledge": lambda staff, pledges: Meeting.objects.first().pledges.add(
        pledges["fji_public"]
    ),
    "pledge SDG targets cleared": lambda staff, pledges: pledges["ken_public"].sdg_targets.clear(),
    "country visit": lambda staff, pledges: VisitFactory(member_state=state("KEN")),
    "VNR engagement": lambda staff, pledges: VnrFactory(hlpf_year=2024, member_state=state("UGA")),
    "endorsement": lambda staff, pledges: EndorsementFactory(member_state=state("UGA")),
    "alliance membership": lambda staff, pledges: MembershipFactory(member_state=state("UGA")),
    "alliance milestone": lambda staff, pledges: AllianceMilestone.objects.create(
        membership=MembershipFactory(member_state=state("TZA")), code=Milestone.values[0]
    ),
    "follow-up action": lambda staff, pledges: FollowUpFactory(assignee=staff),
    "indicator": lambda staff, pledges: Indicator.objects.filter(code="meetings").get().save(),
    "indicator value": lambda staff, pledges: IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="social_media_reach"), month=dt.date(2024, 5, 1), value=1
    ),
    "indicator target": lambda staff, pledges: IndicatorTarget.objects.create(
        indicator=Indicator.objects.get(code="meetings"), year=2024, target=1
    ),
    "meeting deleted": lambda staff, pledges: Meeting.objects.first().delete(),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
@pytest.mark.parametrize(("url", "params"), ENDPOINTS)
def test_a_write_to_a_feeding_model_makes_the_next_call_count_again(
    api, staff, year_2024, write, url, params
):
    client = api(staff)
    client.get(url, params)

    write(staff, year_2024)

    assert queries_of(client, url, params)[0] > 0


def test_a_focal_point_never_reads_the_staffs_cached_figures(api, staff, focal_ken, year_2024):
    staff_pledges = api(staff).get(SUMMARY, {"year": 2024}).json()["pledges"]

    queries, body = queries_of(api(focal_ken), SUMMARY, {"year": 2024})

    assert queries > 0
    assert staff_pledges["total"] == 4
    assert body["pledges"]["total"] == 3  # never Fiji's internal pledge


def test_focal_points_of_two_states_never_share_figures(api, focal_ken, focal_fji, year_2024):
    ken_total = api(focal_ken).get(SUMMARY, {"year": 2024}).json()["pledges"]["total"]

    queries, body = queries_of(api(focal_fji), SUMMARY, {"year": 2024})

    assert queries > 0
    assert (ken_total, body["pledges"]["total"]) == (3, 3)
    assert body["visits"]["total"] == 1  # Fiji's own visit, not Kenya's


def test_focal_points_of_one_state_share_its_cached_figures(api, focal_ken, year_2024):
    colleague = FocalPointFactory(username="wanjiru", member_state=state("KEN"))
    first = api(focal_ken).get(SUMMARY, {"year": 2024}).json()

    queries, body = queries_of(api(colleague), SUMMARY, {"year": 2024})

    assert (queries, body) == (0, first)


def test_the_next_day_counts_again(api, staff, year_2024):
    PledgeFactory(member_state=state("KEN"), next_report_due=TODAY.date())
    client = api(staff)
    assert client.get(SUMMARY, {"year": 2024}).json()["pledges"]["overdue_reports"] == 2

    with time_machine.travel(TODAY + dt.timedelta(days=1), tick=False):
        queries, body = queries_of(client, SUMMARY, {"year": 2024})

    assert queries > 0
    assert body["pledges"]["overdue_reports"] == 3  # due yesterday, not reported

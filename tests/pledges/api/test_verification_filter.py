"""`?verification=` on /api/v1/pledges/ (and the pledge page): the latest report's verdict, or none."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from pledges.choices import Verdict, Visibility
from pledges.models import ReportVerification
from tests.factories import PledgeFactory, ProgressReportFactory, state

URL = "/api/v1/pledges/"


def reported(pledge, author, *, days_ago: int):
    return ProgressReportFactory(
        pledge=pledge, author=author, created_at=timezone.now() - dt.timedelta(days=days_ago)
    )


def judge(report, verdict, by) -> None:
    ReportVerification.objects.create(report=report, verdict=verdict, verified_by=by)


@pytest.fixture
def pledges(reference_data, staff, focal_ken):
    """One pledge per verdict of its LATEST report; older reports carry other verdicts on purpose."""
    made = {name: PledgeFactory(title=name) for name in ("none", "unverified", "verified", "disputed")}
    judge(reported(made["unverified"], focal_ken, days_ago=20), Verdict.VERIFIED, staff)
    reported(made["unverified"], focal_ken, days_ago=2)
    judge(reported(made["verified"], focal_ken, days_ago=20), Verdict.DISPUTED, staff)
    latest_verified = reported(made["verified"], focal_ken, days_ago=2)
    judge(latest_verified, Verdict.DISPUTED, staff)
    judge(latest_verified, Verdict.VERIFIED, staff)  # the latest verdict counts
    reported(made["disputed"], focal_ken, days_ago=20)
    judge(reported(made["disputed"], focal_ken, days_ago=2), Verdict.DISPUTED, staff)
    return made


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


@pytest.mark.parametrize("value", ["none", "unverified", "verified", "disputed"])
def test_each_value_matches_the_pledges_whose_latest_report_has_that_verdict(api, staff, pledges, value):
    assert titles(api(staff).get(URL, {"verification": value})) == {value}


def test_the_filter_combines_with_the_others(api, staff, pledges):
    PledgeFactory(title="Fiji, no report", member_state=state("FJI"))
    response = api(staff).get(URL, {"verification": "none", "member_state": "FJI"})
    assert titles(response) == {"Fiji, no report"}


def test_a_bad_value_is_a_400_naming_the_field_and_the_choice(api, staff, pledges):
    response = api(staff).get(URL, {"verification": "approved"})
    assert response.status_code == 400
    assert "verification" in response.json()
    assert "approved" in response.json()["verification"][0]


def test_a_viewer_never_matches_internal_pledges_whose_reports_it_cannot_read(api, viewer, pledges):
    pledges["disputed"].visibility = Visibility.INTERNAL
    pledges["disputed"].save()
    internal_without_report = PledgeFactory(title="internal, no report", visibility=Visibility.INTERNAL)
    assert titles(api(viewer).get(URL, {"verification": "disputed"})) == set()
    assert internal_without_report.title not in titles(api(viewer).get(URL, {"verification": "none"}))
    assert titles(api(viewer).get(URL, {"verification": "verified"})) == {"verified"}


def test_a_focal_point_filters_its_own_states_pledges(api, focal_ken, focal_fji, pledges):
    fiji = PledgeFactory(member_state=state("FJI"), title="Fiji study")
    reported(fiji, focal_fji, days_ago=1)
    assert titles(api(focal_fji).get(URL, {"verification": "unverified"})) == {"Fiji study"}


def test_the_list_costs_the_same_with_the_filter(api, staff, pledges, django_assert_num_queries):
    client = api(staff)
    client.get(URL, {"verification": "unverified"})
    with django_assert_num_queries(2):  # count, page (SDG targets and meetings joined in it)
        client.get(URL, {"verification": "unverified"})


def test_the_openapi_schema_documents_the_filter_and_its_values(api, staff):
    schema = api(staff).get("/api/schema/", {"format": "json"}).json()
    [parameter] = [
        p for p in schema["paths"]["/api/v1/pledges/"]["get"]["parameters"] if p["name"] == "verification"
    ]
    assert parameter["in"] == "query"
    assert set(parameter["schema"]["enum"]) == {"unverified", "verified", "disputed", "none"}
    public = schema["paths"]["/api/v1/public/pledges/"]["get"]["parameters"]
    assert "verification" not in {p["name"] for p in public}


def test_the_pledge_page_filters_alike(web, staff, pledges):
    response = web(staff).get("/pledges/", {"verification": "disputed"})
    page = response.content.decode()
    assert '<option value="disputed" selected>' in page
    listed = set(re.findall(r'<a href="/pledges/\d+/">(\w+)', page))
    assert listed == {"disputed"}
    assert "verification=disputed" in page  # the CSV link carries the filter to the API

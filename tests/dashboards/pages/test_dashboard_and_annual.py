"""The dashboard and the annual report pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dashboards.selectors.annual import annual_report
from tests.factories import MeetingFactory, VisitFactory


def test_dashboard_shows_this_years_figures_beside_their_targets(web, viewer):
    MeetingFactory.create_batch(3, date=timezone.localdate())
    page = web(viewer).get("/").content.decode()
    assert 'data-figure="meetings"' in page
    assert "target 289" in page
    assert 'id="chart-monthly"' in page
    assert 'id="map"' in page


def test_dashboard_shows_the_year_chosen(web, viewer):
    MeetingFactory.create_batch(2, date=dt.date(2024, 3, 12))
    response = web(viewer).get("/", {"year": "2024"})
    assert response.context["year"] == 2024
    assert response.context["summary"]["meetings"]["total"] == 2
    assert 'data-year="2024"' in response.content.decode()


@pytest.mark.parametrize("year", ["1999", "abc", "0.5"])
def test_dashboard_refuses_a_year_outside_the_records_and_shows_this_year(web, viewer, year):
    response = web(viewer).get("/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert 'role="alert"' in response.content.decode()


def test_annual_report_has_the_same_figures_as_the_api_selector(web, staff):
    MeetingFactory.create_batch(2, date=dt.date(2023, 4, 1), children_engaged=10)
    VisitFactory(start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 12), children_met=40)
    response = web(staff).get("/reports/annual/2023/")
    report = annual_report(user=staff, year=2023)
    assert response.context["report"] == report
    assert "60" in response.content.decode()  # children engaged: 2 x 10 + 40


@pytest.mark.parametrize("count", [1, 30])
def test_dashboard_costs_the_same_whatever_the_number_of_records(
    web, viewer, django_assert_num_queries, settings, count
):
    settings.DASHBOARD_CACHE_SECONDS = 0  # the uncached path is the one whose cost is pinned
    MeetingFactory.create_batch(count, date=timezone.localdate())
    client = web(viewer)
    client.get("/")
    # 11 for the cards, 6 to find the latest year with records, 14 for the charts' figures
    # (kpis 10, pledges 1, reporting 2, alliance 1), which the page now embeds for its tables.
    with django_assert_num_queries(31):
        client.get("/")

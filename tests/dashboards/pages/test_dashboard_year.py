"""The dashboard tells the truth: which year it shows and why, what follows the year, the figures
behind every chart (as a table and as CSV); the annual report and the State page read as people do."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from dashboards.selectors.dashboard import latest_year_with_records
from tests.factories import MeetingFactory, MembershipFactory, PledgeFactory, VisitFactory, state

CHARTS = ["monthly", "pledges", "vnr", "reporting", "alliance"]


def this_year() -> int:
    return timezone.localdate().year


def test_the_dashboard_opens_on_this_year_when_it_has_records(web, viewer):
    MeetingFactory(date=timezone.localdate())
    MeetingFactory(date=dt.date(2024, 3, 1))
    response = web(viewer).get("/")
    assert response.context["year"] == this_year()
    assert f"Showing {this_year()}." in response.content.decode()


def test_the_dashboard_opens_on_the_latest_year_with_records_and_says_so(web, viewer):
    MeetingFactory.create_batch(2, date=dt.date(2024, 3, 12))
    response = web(viewer).get("/")
    assert response.context["year"] == 2024
    page = response.content.decode()
    assert f"Showing 2024: {this_year()} has no records yet." in page
    assert re.search(r'<option value="2024" selected>', page)  # the year picker agrees
    assert response.context["summary"]["meetings"]["total"] == 2


def test_a_year_asked_for_is_shown_even_without_records_and_the_page_says_so(web, viewer):
    MeetingFactory(date=dt.date(2024, 3, 12))
    response = web(viewer).get("/", {"year": this_year()})
    assert response.context["year"] == this_year()
    page = response.content.decode()
    assert f"Showing {this_year()}, which has no records yet; the latest year with records is 2024." in page


def test_the_latest_year_ignores_what_the_caller_may_not_see(focal_ken):
    PledgeFactory(member_state=state("FJI"), made_on=dt.date(2024, 2, 1), visibility="internal")
    PledgeFactory(member_state=state("KEN"), made_on=dt.date(2023, 2, 1), visibility="internal")
    MeetingFactory(date=dt.date(2025, 3, 1))  # meetings are office records, not a focal point's
    assert latest_year_with_records(user=focal_ken, up_to=this_year()) == 2023


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_every_card_says_whether_it_follows_the_year_or_is_now(request, web, reference_data, role):
    MeetingFactory(date=dt.date(2024, 3, 12))
    page = web(request.getfixturevalue(role)).get("/").content.decode()
    cards = page[page.index('<ul class="cards"') : page.index("</ul>", page.index('<ul class="cards"'))]
    items = cards.split('<li class="card"')[1:]
    assert len(items) >= 10
    for item in items:
        assert ("scope-year" in item) != ("scope-now" in item), item
    assert sum("in 2024" in item for item in items) == 7
    assert 'data-figure="stale_pledges"' in cards


def test_every_chart_has_its_figures_as_a_table_and_a_csv_link(web, viewer):
    MeetingFactory.create_batch(3, date=dt.date(2024, 3, 12), children_engaged=5)
    page = web(viewer).get("/").content.decode()
    for slug in CHARTS:
        figure = page[page.index(f'data-chart="{slug}"') :]
        figure = figure[: figure.index("</figure>")]
        assert "<summary>Show as table</summary>" in figure
        assert "<table>" in figure
        assert '<th scope="col"' in figure
        assert f'href="/dashboard/charts/{slug}.csv' in figure
        assert ("scope-year" in figure) != ("scope-now" in figure)
    monthly = page[page.index('data-chart="monthly"') :]
    assert '<tr><th scope="row">March 2024</th><td class="num">3</td><td class="num">15</td></tr>' in monthly


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_monthly_csv_holds_the_charts_figures(web, viewer):
    MeetingFactory.create_batch(3, date=dt.date(2024, 3, 12), children_engaged=5)
    response = web(viewer).get("/dashboard/charts/monthly.csv", {"year": 2024})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="dashboard-monthly-2024.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Month", "Meetings", "Children engaged"]
    assert ["March 2024", "3", "15"] in rows
    assert len(rows) == 13  # a header and twelve months


def test_the_pledges_csv_counts_every_visible_pledge_by_status_per_region(web, viewer):
    PledgeFactory(member_state=state("KEN"), status="achieved", progress=100)
    PledgeFactory(member_state=state("FJI"), status="in_progress")
    rows = read_csv(web(viewer).get("/dashboard/charts/pledges.csv"))
    assert rows[0] == ["Region", "Planned", "In progress", "Achieved", "Off track", "Withdrawn"]
    assert ["Africa", "0", "0", "1", "0", "0"] in rows
    assert ["Oceania", "0", "1", "0", "0", "0"] in rows


def test_the_alliance_csv_counts_members_to_date(web, viewer):
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))
    MembershipFactory(member_state=state("FJI"), joined_on=dt.date(2025, 1, 20))
    rows = read_csv(web(viewer).get("/dashboard/charts/alliance.csv"))
    assert rows == [["Month", "Alliance members"], ["November 2024", "1"], ["January 2025", "2"]]


def test_an_unknown_chart_is_not_found(web, viewer):
    assert web(viewer).get("/dashboard/charts/secrets.csv").status_code == 404


@pytest.mark.parametrize(("role", "status"), [("focal_ken", 403), ("viewer", 200), ("staff", 200)])
def test_chart_csvs_are_for_office_readers(request, web, role, status):
    assert web(request.getfixturevalue(role)).get("/dashboard/charts/vnr.csv").status_code == status


def test_anonymous_callers_sign_in_for_a_chart_csv(web, reference_data):
    response = web().get("/dashboard/charts/vnr.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_annual_report_lists_states_by_name(web, staff):
    for iso3 in ("CHE", "DEU", "AND"):  # code order CHE, DEU; name order Germany, Switzerland
        VisitFactory(member_state=state(iso3), start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 9))
    page = web(staff).get("/reports/annual/2023/").content.decode()
    assert "Andorra, Germany, Switzerland" in page


def test_the_state_timeline_is_newest_first(web, staff):
    PledgeFactory(member_state=state("KEN"), title="Older pledge", made_on=dt.date(2023, 1, 5))
    PledgeFactory(member_state=state("KEN"), title="Newer pledge", made_on=dt.date(2025, 1, 5))
    page = web(staff).get("/states/KEN/").content.decode()
    timeline = page[page.index('class="timeline"') :]
    assert timeline.index("Newer pledge") < timeline.index("Older pledge")
    assert "/admin/" not in timeline

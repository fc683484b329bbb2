"""The public dashboard in Chromium, not signed in: charts drawn, tables present, the map drawn and
linked, axe-core clean at 1366 and 360 px, and no request to another host (nor a CSP violation)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from pledges.choices import PledgeArea, PledgeStatus, Visibility
from tests.factories import (
    EndorsementFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    StaffFactory,
    state,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

CHARTS = 7  # status, region, area, origin, progress, growth, reporting
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push(event.blockedURI));
"""
# True when the canvas has at least one pixel that is not transparent: Chart.js drew on it.
CANVAS_DRAWN = """(id) => {
  const canvas = document.getElementById(id);
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) { return true; } }
  return false;
}"""


@pytest.fixture
def records(reference_data):
    staff = StaffFactory(username="alice")
    plan = PledgeFactory(member_state=state("KEN"), made_on=dt.date(2024, 11, 8))
    ProgressReportFactory(pledge=plan, author=staff, due_date=plan.next_report_due)
    PledgeFactory(member_state=state("KEN"), area=PledgeArea.LEGISLATION, made_on=dt.date(2025, 3, 1))
    PledgeFactory(
        member_state=state("FJI"), area=PledgeArea.SERVICES, status=PledgeStatus.PLANNED, progress=0
    )
    PledgeFactory(member_state=state("BRA"), status=PledgeStatus.OFF_TRACK, visibility=Visibility.INTERNAL)
    EndorsementFactory(member_state=state("KEN"), endorsed_on=dt.date(2024, 11, 8))
    EndorsementFactory(member_state=state("FJI"), endorsed_on=dt.date(2025, 2, 1))
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))


@pytest.fixture
def offline_page(browser_page, live_server):
    """The anonymous visitor's page, on which every request to another host is recorded and refused."""
    page = browser_page
    local_host = urlsplit(live_server.url).netloc
    page.elsewhere = []

    def only_local(route):
        if urlsplit(route.request.url).netloc == local_host:
            route.continue_()
        else:
            page.elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    page.context.route("**/*", only_local)
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def open_dashboard(page, query: str = "") -> None:
    page.goto(f"/public/{query}")
    page.wait_for_function(f"Object.keys(window.publicDashboardCharts || {{}}).length === {CHARTS}")
    page.locator("#public-map svg path[data-iso3]").first.wait_for()
    page.wait_for_load_state("networkidle")


def test_the_public_dashboard_draws_its_charts_tables_and_map(records, offline_page, page_check):
    page = offline_page
    open_dashboard(page)
    chart_ids = page.evaluate("Object.keys(window.publicDashboardCharts)")
    assert len(chart_ids) == CHARTS
    for chart_id in chart_ids:
        assert page.evaluate(CANVAS_DRAWN, chart_id), chart_id
    assert page.locator("details.chart-table table").count() == CHARTS
    page.locator("figure[data-chart=status] summary").click()
    expect(page.locator("figure[data-chart=status] table")).to_be_visible()

    # The map: every State a shape, coloured by its public pledges' most frequent status.
    assert page.locator("#public-map svg path[data-iso3]").count() > 150
    kenya = page.locator('#public-map path[data-iso3="KEN"]')
    assert kenya.get_attribute("fill") == "#005a9c"  # in progress
    assert (
        page.locator('#public-map path[data-iso3="BRA"]').get_attribute("fill") == "#d9d9d9"
    )  # internal only
    expect(page.locator("#public-map-legend li")).to_have_count(6)
    page.locator("#public-map-measure").select_option("member")
    expect(kenya).to_have_attribute("fill", "#1e6b34")
    assert page.locator('#public-map path[data-iso3="FJI"]').get_attribute("fill") == "#d9d9d9"
    # Each State links to its public page, and a keyboard reaches it.
    link = page.locator('#public-map a[href="/public/states/KEN/"]')
    assert "Pathfinding Alliance member" in link.get_attribute("aria-label")
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/public/states/KEN/"
    # The map's text alternative: the States' table, each State linked.
    expect(page.locator('#chart-public-states-table a[href="/public/states/FJI/"]')).to_have_text("Fiji")
    assert page.locator('#chart-public-states-table tr[data-iso3="BRA"]').count() == 0

    page_check(page, "public-dashboard")
    assert page.elsewhere == []
    assert page.evaluate("window.cspViolations") == []


def test_the_filters_redraw_the_page_and_a_bad_one_says_so(records, offline_page, screenshot, axe_check):
    page = offline_page
    open_dashboard(page)
    page.locator("#id_region").select_option("009")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/public/?*region=009*")
    page.wait_for_function(f"Object.keys(window.publicDashboardCharts || {{}}).length === {CHARTS}")
    status = page.evaluate("window.publicDashboardCharts['chart-public-status'].data.datasets[0].data")
    assert sum(status) == 1
    assert page.locator('figure[data-chart="status"] .chart-download a').get_attribute("href") == (
        "/public/charts/status.csv?region=009"
    )
    open_dashboard(page, "?year=abc")
    expect(page.locator("#filters-shown")).to_contain_text("every public record is shown")
    expect(page.locator(".errorlist")).to_be_visible()
    axe_check(page)
    screenshot(page, "public-dashboard-bad-filter")
    assert page.elsewhere == []


def test_the_public_dashboard_reads_right_to_left_in_arabic(records, offline_page, page_check):
    page = offline_page
    page.set_extra_http_headers({"Accept-Language": "ar"})
    open_dashboard(page)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("window.publicDashboardCharts['chart-public-region'].options.plugins.legend.rtl")
    page_check(page, "public-dashboard-ar")
    assert page.elsewhere == []

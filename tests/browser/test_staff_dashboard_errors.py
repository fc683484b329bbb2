"""Browser journeys: the dashboard's figures behind its charts, and a 404 in the site layout."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.factories import MeetingFactory, MembershipFactory, PledgeFactory, StaffFactory, state

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def alice(reference_data):
    return StaffFactory(username="alice", first_name="Alice", last_name="Mwangi")


def test_staff_read_a_chart_as_a_table_and_download_it(alice, sign_in, page_check):
    MeetingFactory.create_batch(3, date=dt.date(2024, 3, 12), children_engaged=5)
    PledgeFactory(member_state=state("KEN"), made_on=dt.date(2024, 11, 8))
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))
    page = sign_in("alice")
    page.goto("/")
    page.wait_for_function("() => window.dashboardCharts && window.dashboardCharts['chart-monthly']")
    expect(page.get_by_text("Showing 2024:")).to_be_visible()
    monthly = page.locator('[data-chart="monthly"]')
    monthly.get_by_text("Show as table").click()
    row = monthly.get_by_role("row", name="March 2024")
    expect(row).to_be_visible()
    assert row.get_by_role("cell").all_inner_texts() == ["3", "15"]
    with page.expect_download() as download:
        monthly.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == "dashboard-monthly-2024.csv"
    assert "March 2024,3,15" in open(download.value.path(), encoding="utf-8").read()
    chart = page.evaluate("() => window.dashboardCharts['chart-monthly'].data.datasets[0].data")
    assert sum(chart) == 3  # the chart draws the table's figures
    for slug in ("pledges", "vnr", "reporting", "alliance"):
        page.locator(f'[data-chart="{slug}"]').get_by_text("Show as table").click()
    page_check(page, "dashboard")
    # At 360 px no axis label is cut: each chart's canvas fits its box.
    page.set_viewport_size({"width": 360, "height": 900})
    page.wait_for_timeout(200)
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.chart-box')]"
        ".map(b => [b.clientWidth, b.querySelector('canvas').clientWidth])"
    )
    assert all(canvas <= box for box, canvas in widths), widths


def test_a_missing_page_keeps_the_navigation_and_a_way_home(alice, sign_in, page_check):
    page = sign_in("alice")
    page.goto("/pledges/")
    response = page.goto("/pledges/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings", exact=True)
    ).to_be_visible()
    page_check(page, "error-404")
    page.get_by_role("link", name="Go to the dashboard").click()
    page.wait_for_url("**/")
    assert page.get_by_role("heading", name="Dashboard").count() == 1


def test_the_public_pledge_table_keeps_status_and_progress_in_view_on_a_phone(
    reference_data, browser_page, page_check
):
    PledgeFactory(
        member_state=state("KEN"), title="Costed national action plan", status="in_progress", progress=60
    )
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto("/public/pledges/")
    for text in ("In progress", "60 %"):
        box = page.locator(".public-pledges td", has_text=text).first.bounding_box()
        assert box is not None, text
        assert 0 <= box["x"] <= box["x"] + box["width"] <= 360, (text, box)
    assert page.evaluate("() => fetch('/favicon.ico').then(r => r.status)") == 200
    page_check(page, "public-pledges")

"""Browser journeys on the live server: Chromium through Playwright, with axe-core on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting
from pledges.models import ProgressReport
from tests.factories import (
    FocalPointFactory,
    MeetingFactory,
    MembershipFactory,
    PledgeFactory,
    StaffFactory,
    UserFactory,
    VisitFactory,
    VnrFactory,
    state,
)
from tests.fixtures.browser import pick

# A saved meeting's page, never the form at /meetings/new/ shown again with its errors.
SAVED_MEETING = re.compile(r".*/meetings/\d+/$")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def cast(reference_data):
    return {
        "staff": StaffFactory(username="alice", first_name="Alice"),
        "viewer": UserFactory(username="victor"),
        "focal": FocalPointFactory(username="kamau", member_state=state("KEN")),
    }


def test_staff_logs_a_meeting_with_a_follow_up(cast, sign_in, screenshot, axe_check):
    page = sign_in("alice")
    page.goto("/meetings/new/")
    page.locator("#id_title").fill("Briefing with the Kenyan mission")
    page.locator("#id_kind").select_option("briefing")
    page.locator("#id_mode").select_option("in_person")
    page.locator("#id_level").select_option("senior_official")
    pick(page, "id_member_states", "Kenya", "KEN")
    pick(page, "id_topics", "online", "online_protection")
    page.locator("#id_children_engaged").fill("0")
    page.locator("#id_follow_ups-0-title").fill("Send the briefing note")
    page.locator("#id_follow_ups-0-assignee").select_option(label="Alice")
    page.locator("#id_follow_ups-0-due_date").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    axe_check(page)
    screenshot(page, "meeting-form")
    expect(page.locator("#id_follow_ups-0-title")).to_have_value("Send the briefing note")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url(SAVED_MEETING)
    expect(page.get_by_text("Send the briefing note")).to_be_visible()
    meeting = Meeting.objects.get()
    assert list(meeting.member_states.values_list("iso3", flat=True)) == ["KEN"]
    assert meeting.follow_ups.count() == 1
    axe_check(page)
    screenshot(page, "meeting-detail")
    page.goto("/meetings/")
    axe_check(page)
    screenshot(page, "meeting-list")
    page.goto("/follow-ups/")
    axe_check(page)
    page.get_by_role("button", name="Done").click()
    page.get_by_text("Marked done").wait_for()
    screenshot(page, "follow-ups")


def test_focal_point_reports_progress_and_sees_it_on_the_timeline(cast, sign_in, screenshot, axe_check):
    pledge = PledgeFactory(title="Costed national action plan", member_state=state("KEN"))
    page = sign_in("kamau")
    assert page.url.endswith("/")  # what is due from Kenya, then its record
    page.get_by_role("link", name="My State").click()
    page.wait_for_url("**/states/KEN/")
    axe_check(page)
    screenshot(page, "state-page")
    page.get_by_role("link", name="Costed national action plan", exact=True).click()
    page.get_by_role("link", name="Report progress").click()
    axe_check(page)
    page.locator("#id_status").select_option("achieved")
    page.locator("#id_progress").fill("70")
    page.locator("#id_narrative").fill("Cabinet adopted the plan.")
    page.get_by_role("button", name="Send the report").click()
    message = "An achieved pledge has progress 100."
    expect(page.locator("#id_progress_errors").get_by_text(message)).to_be_visible()
    expect(
        page.locator("#error-summary").get_by_role("link", name="Progress (%): An achieved")
    ).to_be_visible()
    assert page.locator("#id_narrative").input_value() == "Cabinet adopted the plan."
    screenshot(page, "pledge-report-error")
    page.locator("#id_progress").fill("100")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    expect(page.locator(".timeline").get_by_text("Cabinet adopted the plan.")).to_be_visible()
    axe_check(page)
    screenshot(page, "pledge-detail")
    assert ProgressReport.objects.filter(pledge=pledge).count() == 1


def test_focal_point_is_refused_another_states_pledge(cast, sign_in, screenshot):
    other = PledgeFactory(title="Fiji internal plan", member_state=state("FJI"), visibility="internal")
    page = sign_in("kamau")
    response = page.goto(f"/pledges/{other.pk}/report/")
    assert response.status == 404
    response = page.goto("/states/FJI/")
    assert response.status == 404
    screenshot(page, "refused")


def test_dashboard_draws_its_charts_and_map(cast, sign_in, screenshot, axe_check):
    today = timezone.localdate()
    MeetingFactory.create_batch(3, date=today, children_engaged=5)
    PledgeFactory(member_state=state("KEN"), status="achieved", progress=100)
    PledgeFactory(member_state=state("FJI"), status="in_progress")
    VisitFactory(member_state=state("KEN"))
    MembershipFactory(member_state=state("KEN"), joined_on=today.replace(day=1))
    VnrFactory(hlpf_year=today.year, outreach_sent=True)
    page = sign_in("victor")
    page.wait_for_function("() => document.querySelectorAll('#map path[data-iso3]').length > 150")
    page.wait_for_function(
        "() => ['chart-pledges', 'chart-vnr', 'chart-alliance'].every(id => window.dashboardCharts[id])"
    )
    datasets = page.evaluate(
        "() => Object.fromEntries(Object.entries(window.dashboardCharts).map(([id, chart]) =>"
        " [id, chart.data.datasets.reduce((n, d) => n + d.data.reduce((a, b) => a + Number(b || 0), 0), 0)]))"
    )
    assert datasets["chart-pledges"] == 2
    assert datasets["chart-vnr"] >= 1
    assert datasets["chart-alliance"] >= 1
    page.wait_for_function(
        "() => document.querySelector('#map path[data-iso3=KEN]').getAttribute('fill') !== '#d9d9d9'"
    )
    kenya = page.locator("#map path[data-iso3=KEN]")
    assert kenya.get_attribute("fill") == "#1e6b34"
    page.get_by_label("Colour States by").select_option("alliance")
    page.wait_for_function("() => document.getElementById('map').dataset.measure === 'alliance'")
    assert kenya.get_attribute("fill") == "#6a3d9a"
    axe_check(page)
    screenshot(page, "dashboard")


def test_public_page_lists_only_public_pledges(reference_data, browser_page, screenshot, axe_check):
    PledgeFactory(title="Open to all", visibility="public")
    PledgeFactory(title="Kept inside", visibility="internal")
    browser_page.goto("/public/pledges/")
    expect(browser_page.get_by_text("Open to all")).to_be_visible()
    assert browser_page.get_by_text("Kept inside").count() == 0
    axe_check(browser_page)
    screenshot(browser_page, "public-pledges")


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("visits", "/visits/"),
        ("visit-detail", "/visits/{visit}/"),
        ("vnr-board", "/vnr/2024/"),
        ("pledge-list", "/pledges/"),
        ("annual-report", "/reports/annual/2023/"),
    ],
)
def test_staff_pages_have_no_serious_accessibility_violation(cast, sign_in, screenshot, axe_check, name, url):
    visit = VisitFactory()
    VnrFactory(hlpf_year=2024)
    PledgeFactory()
    page = sign_in("alice")
    page.goto(url.format(visit=visit.pk))
    axe_check(page)
    screenshot(page, name)


def test_sign_in_page_is_accessible_at_360_pixels(reference_data, browser_page, screenshot, axe_check):
    browser_page.set_viewport_size({"width": 360, "height": 740})
    browser_page.goto("/accounts/login/")
    axe_check(browser_page)
    width = browser_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    screenshot(browser_page, "login")

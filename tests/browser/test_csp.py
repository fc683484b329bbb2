"""The Content-Security-Policy in Chromium: representative pages raise no violation and their
scripts still run (charts drawn, map coloured, pickers ready, the admin's widgets in place).

Every `securitypolicyviolation` event a page fires is kept in `window.cspViolations` by a script
Playwright adds before the page's own (it is not inline markup, so the policy does not govern it).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import FocalPointFactory, MeetingFactory, PledgeFactory, StaffFactory, state

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push({
  directive: event.violatedDirective, blocked: event.blockedURI,
  source: event.sourceFile, line: event.lineNumber,
}));
"""


@pytest.fixture
def pledge(reference_data):
    pledge = PledgeFactory(title="Costed national action plan", member_state=state("KEN"))
    MeetingFactory().pledges.add(pledge)
    return pledge


@pytest.fixture
def open_page(browser_page):
    """Open a path as the signed-in user and return its CSP violations once it has settled."""
    browser_page.add_init_script(RECORD_VIOLATIONS)

    def visit(path: str):
        browser_page.goto(path)
        browser_page.wait_for_load_state("networkidle")
        return browser_page

    return visit


@pytest.fixture
def as_staff(reference_data, sign_in):
    """Signed in as a staff member."""
    StaffFactory(username="alice")
    return sign_in("alice")


def violations(page) -> list[dict]:
    page.wait_for_timeout(300)  # a violation event is queued as a task after the blocked load
    return page.evaluate("window.cspViolations")


def assert_base_scripts_ran(page) -> None:
    """htmx and the pickers' script loaded, and htmx read the page's CSP-minded config."""
    assert page.evaluate("htmx.config.includeIndicatorStyles === false && htmx.config.allowEval === false")


def test_the_dashboard_draws_its_charts_and_map_without_a_violation(as_staff, open_page, pledge):
    page = open_page("/")
    expect(page.locator("#map svg path[data-iso3]").first).to_be_attached()
    page.wait_for_function("document.getElementById('map').dataset.measure === 'pledges'")
    drawn = page.evaluate("Object.keys(window.dashboardCharts).length")
    assert drawn == page.locator("#charts canvas").count() > 0
    expect(page.locator("#map-legend .swatch").first).to_be_visible()
    assert_base_scripts_ran(page)
    assert violations(page) == []


def test_the_meeting_form_starts_its_pickers_without_a_violation(as_staff, open_page):
    page = open_page("/meetings/new/")
    expect(page.locator("#id_member_states-ts-control")).to_be_visible()
    pickers = page.locator("select[data-picker]").count()
    assert page.locator("select[data-picker-ready]").count() == pickers > 0
    assert violations(page) == []


def test_the_pledge_page_has_no_violation(as_staff, open_page, pledge):
    page = open_page(f"/pledges/{pledge.pk}/")
    expect(page.get_by_role("heading", name="Costed national action plan")).to_be_visible()
    assert_base_scripts_ran(page)
    assert violations(page) == []


def test_the_pledge_form_updates_its_smart_checklist_without_a_violation(as_staff, open_page):
    page = open_page("/pledges/new/")
    with page.expect_response(lambda response: "smart-checklist" in response.url):
        page.locator("#id_title").fill("Ban corporal punishment in every setting")
    assert violations(page) == []


def test_the_focal_report_form_has_no_violation(reference_data, sign_in, open_page, pledge):
    FocalPointFactory(username="kamau", member_state=state("KEN"))
    sign_in("kamau")
    page = open_page(f"/pledges/{pledge.pk}/report/")
    expect(page.get_by_role("button", name="Send the report")).to_be_visible()
    assert_base_scripts_ran(page)
    assert violations(page) == []


def test_the_public_list_has_no_violation(pledge, open_page):
    page = open_page("/public/pledges/")
    expect(page.locator("h1")).to_be_visible()
    assert_base_scripts_ran(page)
    assert violations(page) == []


def test_the_print_button_prints_without_an_inline_handler(as_staff, open_page):
    page = open_page("/reports/annual/2024/")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed === true")
    assert violations(page) == []


def test_the_admin_index_and_a_change_form_work_under_the_policy(reference_data, sign_in, open_page, pledge):
    StaffFactory(username="alice", is_superuser=True)
    sign_in("alice")
    page = open_page("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    assert violations(page) == []
    page = open_page(f"/admin/pledges/pledge/{pledge.pk}/change/")
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()  # the admin's calendar script ran
    assert violations(page) == []


def test_the_admin_export_and_history_pages_need_only_their_hashed_inline_code(
    reference_data, sign_in, open_page, pledge
):
    StaffFactory(username="alice", is_superuser=True)
    sign_in("alice")
    page = open_page("/admin/pledges/pledge/export/")
    chosen = page.locator(".selectable-field-export-row input[type=checkbox]:checked")
    assert chosen.count() > 0
    page.locator("input[name=select-all-toggle]").uncheck()  # its inline onchange handler clears them
    expect(chosen).to_have_count(0)
    assert violations(page) == []
    page = open_page(f"/admin/pledges/pledge/{pledge.pk}/history/")
    assert violations(page) == []


def test_swagger_ui_has_no_violation(as_staff, open_page):
    page = open_page("/api/docs/")
    path = page.locator(".opblock-summary-path", has_text="/api/v1/pledges/").first
    expect(path).to_be_visible(timeout=30_000)  # the schema takes a second or more to build under load
    assert violations(page) == []

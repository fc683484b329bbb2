"""The API docs with no internet: Swagger UI and ReDoc render from the live server alone.

Every request the page makes to another host is recorded and refused (as a network with no way
out would), and the UI must still draw the API's operations.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import StaffFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TITLE = "OSRSG-VAC engagement and commitment tracker API"
# The schema takes a second or more to build under load, then the UI draws 100+ operations.
RENDERED = 30_000
# ReDoc 2 draws Redocly's logo from cdn.redoc.ly beside its credit; the Content-Security-Policy
# (img-src 'self' data:) blocks it before any request is made, and ReDoc drops the broken image.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push(event.blockedURI));
"""


@pytest.fixture
def offline_page(reference_data, live_server, sign_in):
    """A page signed in as staff on which every request to another host is recorded and refused."""
    StaffFactory(username="alice")
    page = sign_in("alice")
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


def test_swagger_ui_renders_the_operations_with_no_internet(offline_page):
    page = offline_page
    page.goto("/api/docs/")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/pledges/").first).to_be_visible(
        timeout=RENDERED
    )
    expect(page.locator(".info .title", has_text=TITLE)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("ui.getConfigs().validatorUrl") is None  # no badge fetched from swagger.io
    assert page.elsewhere == []
    assert page.evaluate("window.cspViolations") == []


def test_swagger_ui_sends_a_request_signed_in(offline_page):
    page = offline_page
    page.goto("/api/docs/")
    operation = page.locator("#operations-pledges-pledges_list")
    expect(operation).to_be_visible(timeout=RENDERED)
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda response: "/api/v1/pledges/" in response.url) as answer:
        operation.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    assert page.elsewhere == []


def test_redoc_renders_the_api_with_no_internet(offline_page):
    page = offline_page
    page.goto("/api/redoc/")
    expect(page.get_by_role("heading", name=f"{TITLE} (1.0.0)")).to_be_visible(timeout=RENDERED)
    expect(page.locator(".menu-content").get_by_text("pledges", exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.elsewhere == []
    assert page.evaluate("window.cspViolations") in ([], [REDOC_LOGO])

"""An anonymous visitor (a journalist, a civil-society monitor) goes from the public list to a
pledge's page and on to its State's page, in English and in Arabic, with no request to another host.

Every request the pages make to another host is recorded and refused, as a network with no way
out would; each page is axe-core clean and screenshotted at 1366 px and at 360 px.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from pledges.choices import Milestone, PledgeStatus, Verdict
from pledges.models import AllianceMilestone
from pledges.services import pledge_report_progress, report_narrative_publish, report_verify
from tests.browser.test_languages import switch_language
from tests.factories import (
    EndorsementFactory,
    FocalPointFactory,
    MembershipFactory,
    PledgeFactory,
    StaffFactory,
    state,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TITLE = "Costed national action plan to end violence against children"
PUBLISHED = "Cabinet approved the costed plan; the budget line is in the 2025 finance act."
PRIVATE = "Draft words the Office has not made public."


@pytest.fixture
def kenya(reference_data):
    staff = StaffFactory(username="alice")
    focal = FocalPointFactory(username="kamau", first_name="Kamau", member_state=state("KEN"))
    EndorsementFactory(member_state=state("KEN"), signatory="Hon. Signatory")
    membership = MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))
    AllianceMilestone.objects.create(
        membership=membership, code=Milestone.FOCAL_POINT_APPOINTED, done_on=dt.date(2025, 1, 15)
    )
    pledge = PledgeFactory(member_state=state("KEN"), title=TITLE, sdg_targets=["16.2", "5.2"])
    PledgeFactory(member_state=state("KEN"), title="Child helpline in every county")
    PledgeFactory(member_state=state("KEN"), title="Internal draft", visibility="internal")
    first = pledge_report_progress(
        pledge=pledge, by=focal, status=PledgeStatus.IN_PROGRESS, progress=30, narrative=PRIVATE
    )
    second = pledge_report_progress(
        pledge=pledge,
        by=focal,
        status=PledgeStatus.IN_PROGRESS,
        progress=55,
        narrative=PUBLISHED,
        evidence_url="https://example.org/finance-act.pdf",
    )
    report_verify(report=first, by=staff, verdict=Verdict.VERIFIED)
    report_narrative_publish(report=second, by=staff, public=True)
    return pledge


@pytest.fixture
def offline_page(browser_page, live_server):
    """The visitor's page, on which every request to another host is recorded and refused."""
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
    return page


def test_a_visitor_goes_from_the_list_to_a_pledge_and_its_state(kenya, offline_page, page_check):
    page = offline_page
    page.goto("/public/pledges/")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert page.get_by_text("Internal draft").count() == 0
    page_check(page, "public-pledge-list")

    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/public/pledges/{kenya.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    timeline = page.locator("table.public-timeline")
    expect(timeline.locator("tbody tr")).to_have_count(2)
    expect(timeline.get_by_text(PUBLISHED)).to_be_visible()
    assert page.get_by_text(PRIVATE).count() == 0
    assert page.get_by_text("Kamau").count() == 0
    expect(timeline.get_by_text("Verified", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="This pledge in the public API (JSON)")).to_have_attribute(
        "href", f"/api/v1/public/pledges/{kenya.pk}/"
    )
    page_check(page, "public-pledge")

    page.locator("main").get_by_role("link", name="Kenya").first.click()
    page.wait_for_url("**/public/states/KEN/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kenya")
    expect(page.locator("table.milestones tbody tr")).to_have_count(len(Milestone))
    pledges = page.locator("table.public-state-pledges")
    expect(pledges.locator("tbody tr")).to_have_count(2)
    assert page.get_by_text("Internal draft").count() == 0
    assert page.get_by_text("Hon. Signatory").count() == 0
    page_check(page, "public-state")

    # Back to the pledge from the State's table, as a reader checking one commitment would.
    pledges.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/public/pledges/{kenya.pk}/")
    assert page.elsewhere == []


def test_the_public_pages_read_right_to_left_in_arabic(kenya, offline_page, page_check):
    page = offline_page
    page.goto(f"/public/pledges/{kenya.pk}/")
    switch_language(page, "ar")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert "كينيا" in page.locator("main").inner_text()
    page_check(page, "public-pledge-ar")
    page.goto("/public/states/KEN/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("table.milestones tbody tr")).to_have_count(len(Milestone))
    page_check(page, "public-state-ar")
    assert page.elsewhere == []

"""Staff record a pledge (it starts internal), read its checklist, publish it, meet a duplicate."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pledges.models import Pledge
from tests.factories import PledgeFactory, StaffFactory, state
from tests.fixtures.browser import pick

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TITLE = "Run the child helpline 116 around the clock"


@pytest.fixture
def alice(reference_data):
    return StaffFactory(username="alice", first_name="Alice")


def fill_pledge(page, title: str) -> None:
    pick(page, "id_member_state", "Kenya", "KEN")
    page.locator("#id_title").fill(title)
    page.locator("#id_origin").select_option("bogota_2024")
    page.locator("#id_area").select_option("services")


def test_staff_record_publish_and_meet_a_duplicate(alice, sign_in, page_check):
    PledgeFactory(member_state=state("FJI"), title="Fiji economic cost study", progress=40)
    page = sign_in("alice")
    page.goto("/pledges/")
    page.get_by_role("columnheader", name="Progress").get_by_role("link").click()
    page.wait_for_url("**sort=progress**")
    page_check(page, "pledge-list")

    page.get_by_role("link", name="New pledge").click()
    page.wait_for_url("**/pledges/new/")
    fill_pledge(page, TITLE)
    page_check(page, "pledge-form")
    page.get_by_role("button", name="Record the pledge").click()
    page.wait_for_url(re.compile(r"/pledges/\d+/$"))
    pledge = Pledge.objects.get(title=TITLE)
    assert pledge.visibility == "internal"
    expect(page.get_by_text("Internal: not in the public feed")).to_be_visible()
    expect(page.locator('.smart-checklist [data-gap="no_indicator"]')).to_be_visible()

    page.goto(f"/pledges/{pledge.pk}/publish/")
    expect(page.get_by_role("heading", name="Publish the pledge")).to_be_visible()
    expect(page.locator('[data-gap="no_indicator"]')).to_be_visible()
    page_check(page, "pledge-publish")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    page.get_by_text("Pledge published").first.wait_for()
    assert Pledge.objects.get(pk=pledge.pk).visibility == "public"
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()

    page.goto("/pledges/new/")
    fill_pledge(page, "run the child helpline 116   AROUND the clock")
    page.get_by_role("button", name="Record the pledge").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "already has a pledge with this title" in summary.inner_text()
    page_check(page, "pledge-form-duplicate")
    summary.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    assert Pledge.objects.filter(member_state__iso3="KEN").count() == 1

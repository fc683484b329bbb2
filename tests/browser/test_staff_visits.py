"""Staff plan and run a country visit on the pages, in Chromium, with axe-core on every new page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import StaffFactory, VisitFactory, state
from tests.fixtures.browser import pick
from visits.models import CountryVisit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def alice(reference_data):
    return StaffFactory(username="alice", first_name="Alice")


def test_staff_plan_edit_confirm_and_complete_a_visit(alice, sign_in, page_check):
    VisitFactory(member_state=state("KEN"))
    page = sign_in("alice")
    page.goto("/visits/")
    page_check(page, "visit-list")
    page.get_by_role("link", name="Plan a visit").click()
    page.wait_for_url("**/visits/new/")
    pick(page, "id_member_state", "Fiji", "FJI")
    assert page.locator("#id_member_state").input_value() == "FJI"
    page.locator("#id_kind").select_option("official")
    page.locator("#id_start_date").fill(days(-2))
    page.locator("#id_end_date").fill(days(1))
    page.locator("#id_objectives").fill("Support the costed national action plan.")
    page.get_by_label("Civil society").check()
    page.locator("#id_sites-0-name").fill("Suva social welfare office")
    page.locator("#id_sites-0-kind").select_option("social_service")
    page_check(page, "visit-new")
    page.get_by_role("button", name="Plan the visit").click()
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    visit = CountryVisit.objects.get(member_state__iso3="FJI")
    assert (visit.member_state.iso3, visit.status) == ("FJI", "planned")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url("**/edit/")
    page.locator("#id_objectives").fill("Support the plan and the child helpline.")
    page_check(page, "visit-edit")
    page.get_by_role("button", name="Save the visit").click()
    page.get_by_text("Visit saved.").wait_for()

    page.get_by_role("link", name="Confirm the visit").click()
    page.wait_for_url("**/confirm/")
    page_check(page, "visit-confirm")
    page.get_by_role("button", name="Confirm the visit").click()
    page.get_by_text("Visit confirmed.").wait_for()

    page.get_by_role("link", name="Complete the visit").click()
    page.wait_for_url("**/complete/")
    page.locator("#id_summary").fill("The Government committed to a costed plan by 2027.")
    page.locator("#id_children_met").fill("45")
    page.get_by_label("Children", exact=True).check()
    page.locator("#id_sites-1-name").fill("Suva juvenile centre")
    page.locator("#id_sites-1-kind").select_option("detention")
    page_check(page, "visit-complete")
    page.get_by_role("button", name="Mark the visit completed").click()
    page.get_by_text("Visit completed.").wait_for()

    visit.refresh_from_db()
    assert (visit.status, visit.children_met, visit.objectives) == (
        "completed",
        45,
        "Support the plan and the child helpline.",
    )
    assert sorted(visit.sites.values_list("name", flat=True)) == [
        "Suva juvenile centre",
        "Suva social welfare office",
    ]
    assert sorted(visit.stakeholder_categories.values_list("code", flat=True)) == [
        "children",
        "civil_society",
    ]
    expect(page.get_by_text("Suva juvenile centre")).to_be_visible()
    page_check(page, "visit-detail-completed")


def test_staff_record_a_commitment_from_the_visit_page(alice, sign_in):
    visit = VisitFactory(member_state=state("SEN"))
    page = sign_in("alice")
    page.goto(f"/visits/{visit.pk}/")
    page.get_by_role("link", name="Record a commitment").click()
    page.wait_for_url(f"**/pledges/new/?visit={visit.pk}")
    assert page.locator("#id_visit").input_value() == str(visit.pk)
    assert page.locator("#id_origin").input_value() == "country_visit"
    assert page.locator("#id_member_state").input_value() in (str(state("SEN").pk), "SEN")


def test_staff_delete_a_visit_logged_by_mistake(alice, sign_in, page_check):
    visit = VisitFactory(member_state=state("KEN"))
    page = sign_in("alice")
    page.goto(f"/visits/{visit.pk}/")
    page.get_by_role("link", name="Delete", exact=True).click()
    page.wait_for_url("**/delete/")
    page_check(page, "visit-delete")
    page.get_by_role("button", name="Delete the visit").click()
    page.wait_for_url("**/visits/")
    expect(page.get_by_text("The visit to Kenya was deleted.")).to_be_visible()
    assert not CountryVisit.objects.exists()

"""Staff run the VNR year, the Call-to-Action endorsements and the Alliance in Chromium, pages only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engagement.models import VnrEngagement
from pledges.models import AllianceMembership, CtaEndorsement
from tests.factories import EndorsementFactory, MembershipFactory, StaffFactory, VnrFactory, state
from tests.fixtures.browser import pick

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

YEAR = 2025


@pytest.fixture
def alice(reference_data):
    return StaffFactory(username="alice", first_name="Alice", last_name="Aubert")


def presenters() -> list[str]:
    return sorted(
        VnrEngagement.objects.filter(hlpf_year=YEAR, member_state__isnull=False).values_list(
            "member_state__iso3", flat=True
        )
    )


def test_staff_run_the_vnr_year_from_the_board(alice, sign_in, page_check):
    page = sign_in("alice")
    page.goto(f"/vnr/{YEAR}/")
    # An empty board opens its "Add presenters" box.
    pick(page, "id_member_state", "Keny", "KEN")
    page.get_by_role("button", name="Add the presenter").click()
    page.get_by_text("Kenya added to the board.").wait_for()
    assert presenters() == ["KEN"]

    # One bad code: nothing is added and the code is named.
    page.get_by_text(f"Add presenters for {YEAR}").click()
    page.locator("#id_codes").fill("FJI, THA\nXYZ")
    page.get_by_role("button", name="Add these presenters").click()
    summary = page.locator("#error-summary")
    expect(summary.get_by_text("Unknown ISO3 codes: XYZ. Nothing was added.")).to_be_visible()
    assert presenters() == ["KEN"]
    page_check(page, "vnr-board-paste-error")

    # All good: added; the one already there is skipped.
    page.locator("#id_codes").fill("FJI, THA\nKEN")
    page.get_by_role("button", name="Add these presenters").click()
    page.get_by_text("2 presenters added.").wait_for()
    expect(page.get_by_text("Already on the board, skipped: Kenya.")).to_be_visible()
    assert presenters() == ["FJI", "KEN", "THA"]

    # Tick a stage in place; the footer total follows on the next load.
    page.get_by_role("button", name="Outreach sent for Fiji").click()
    page.locator('button[aria-label="Outreach sent for Fiji"][aria-pressed="true"]').wait_for()
    assert VnrEngagement.objects.get(hlpf_year=YEAR, member_state__iso3="FJI").outreach_sent
    page.goto(f"/vnr/{YEAR}/")
    page_check(page, "vnr-board")

    # Remove Thailand, added by mistake: a confirmation first.
    page.get_by_role("link", name="Remove Thailand").click()
    page.get_by_role("heading", name=f"Remove Thailand from the HLPF {YEAR} board?").wait_for()
    page_check(page, "vnr-remove")
    page.get_by_role("button", name="Remove the presenter").click()
    page.get_by_text("Thailand removed from the board.").wait_for()
    assert presenters() == ["FJI", "KEN"]


def test_staff_record_and_edit_an_endorsement(alice, sign_in, page_check):
    EndorsementFactory(member_state=state("SWE"))
    page = sign_in("alice")
    page.goto("/endorsements/")
    page_check(page, "endorsement-list")
    page.get_by_role("link", name="Record an endorsement").click()
    page.get_by_role("button", name="Record the endorsement").click()
    expect(page.locator("#error-summary").get_by_role("link", name="Signatory level")).to_be_visible()
    page_check(page, "endorsement-new")
    pick(page, "id_member_state", "Keny", "KEN")
    page.locator("#id_endorsed_on").fill("2024-11-08")
    page.locator("#id_signatory_level").select_option("ministerial")
    page.locator("#id_signatory").fill("Minister of Labour")
    page.get_by_role("button", name="Record the endorsement").click()
    page.get_by_text("Endorsement by Kenya recorded.").wait_for()
    endorsement = CtaEndorsement.objects.get(member_state__iso3="KEN")
    assert endorsement.signatory == "Minister of Labour"

    # A second endorsement by Kenya is refused, with a link to the first.
    page.goto("/endorsements/new/")
    pick(page, "id_member_state", "Keny", "KEN")
    page.locator("#id_endorsed_on").fill("2025-01-10")
    page.locator("#id_signatory_level").select_option("ambassador")
    page.get_by_role("button", name="Record the endorsement").click()
    expect(
        page.locator("#error-summary").get_by_text("Kenya already endorsed the Call to Action")
    ).to_be_visible()
    page.get_by_role("link", name="Open the endorsement by Kenya").click()

    page.locator("#id_signatory_level").select_option("head_of_state")
    page.get_by_role("button", name="Save the endorsement").click()
    page.get_by_text("Endorsement saved.").wait_for()
    endorsement.refresh_from_db()
    assert endorsement.signatory_level == "head_of_state"
    assert CtaEndorsement.objects.count() == 2


def test_staff_add_an_alliance_member(alice, sign_in, page_check):
    MembershipFactory(member_state=state("SWE"))
    page = sign_in("alice")
    page.goto("/alliance/")
    page_check(page, "alliance-list")
    page.get_by_role("link", name="Add a member").click()
    pick(page, "id_member_state", "Fij", "FJI")
    page.locator("#id_joined_on").fill("2024-11-08")
    page.locator("#id_national_plan_status").select_option("in_preparation")
    page.locator("#id_focal_point").fill("Ministry of Women, Children and Social Protection")
    page_check(page, "alliance-new")
    page.get_by_role("button", name="Add the member").click()
    page.get_by_text("Fiji added to the Alliance.").wait_for()
    membership = AllianceMembership.objects.get(member_state__iso3="FJI")
    assert membership.national_plan_status == "in_preparation"

    page.get_by_role("link", name="Edit Fiji").click()
    page.locator("#id_national_plan_status").select_option("adopted")
    page.get_by_role("button", name="Save the membership").click()
    page.get_by_text("Membership saved.").wait_for()
    membership.refresh_from_db()
    assert membership.national_plan_status == "adopted"


def test_a_viewer_reads_the_board_without_controls(reference_data, sign_in):
    from tests.factories import UserFactory

    UserFactory(username="victor")
    VnrFactory(hlpf_year=YEAR, member_state=state("KEN"))
    page = sign_in("victor")
    page.goto(f"/vnr/{YEAR}/")
    expect(page.get_by_role("cell", name="Kenya").or_(page.get_by_text("Kenya")).first).to_be_visible()
    assert page.get_by_role("button", name="Add the presenter").count() == 0
    assert page.get_by_role("link", name="Remove Kenya").count() == 0

"""Browser journeys of the accountability pages: a disputed report answered, the SMART checklist live, axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from pledges.models import ProgressReport, ReportVerification
from tests.factories import (
    FocalPointFactory,
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

NOTE = "The evidence link is a draft, not the adopted plan."


@pytest.fixture
def cast(reference_data):
    return {
        "staff": StaffFactory(username="alice", first_name="Alice"),
        "focal": FocalPointFactory(username="kamau", member_state=state("KEN")),
    }


def test_staff_dispute_a_report_and_the_focal_point_answers_it(cast, sign_in, screenshot, axe_check):
    pledge = PledgeFactory(title="Costed national action plan", member_state=state("KEN"))
    report = ProgressReportFactory(pledge=pledge, author=cast["focal"], narrative="Plan sent to cabinet.")
    page = sign_in("alice")
    page.goto(f"/pledges/{pledge.pk}/")
    page.locator(f"#report-{report.pk}").get_by_text("Verify or dispute").click()  # the compact control
    page.locator(f"#note-{report.pk}").fill(NOTE)
    page.get_by_role("button", name="Dispute").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/#report-{report.pk}")
    assert ReportVerification.objects.get().verdict == "disputed"

    page.context.clear_cookies()
    page = sign_in("kamau")
    page.goto(f"/pledges/{pledge.pk}/")
    expect(page.get_by_text(NOTE)).to_be_visible()
    assert page.get_by_role("button", name="Dispute").count() == 0
    axe_check(page)
    screenshot(page, "pledge-disputed")
    page.get_by_role("link", name="Answer with a new report").click()
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("50")
    page.locator("#id_narrative").fill("Adopted plan attached.")
    page.locator("#id_evidence_url").fill("https://example.org/adopted-plan.pdf")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    expect(page.locator(".timeline").get_by_text("Adopted plan attached.")).to_be_visible()
    assert ProgressReport.objects.filter(pledge=pledge).count() == 2
    screenshot(page, "pledge-dispute-answered")


def test_new_pledge_checklist_updates_as_staff_type(cast, sign_in, screenshot, axe_check):
    page = sign_in("alice")
    page.goto("/pledges/new/")
    checklist = page.locator("#smart-checklist")
    assert checklist.locator('[data-gap="no_indicator"]').count() == 1
    page.locator("#id_indicator").fill("Districts with a child helpline")
    checklist.locator('[data-gap="no_indicator"]').wait_for(state="detached")
    assert checklist.locator('[data-gap="no_baseline"]').count() == 1
    axe_check(page)
    screenshot(page, "pledge-form")


def test_alliance_page_is_accessible(cast, sign_in, screenshot, axe_check):
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))
    page = sign_in("alice")
    page.goto("/alliance/")
    expect(page.get_by_text("0/5")).to_be_visible()
    axe_check(page)
    screenshot(page, "alliance")

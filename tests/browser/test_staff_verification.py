"""Browser journey of the verification loop: a focal point reports, staff dispute it in the queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pledges.models import ProgressReport, ReportVerification
from tests.factories import FocalPointFactory, PledgeFactory, ProgressReportFactory, StaffFactory, state

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

NOTE = "The county list is missing from the evidence."


@pytest.fixture
def cast(reference_data):
    return {
        "staff": StaffFactory(username="alice", first_name="Alice"),
        "focal": FocalPointFactory(username="kamau", first_name="Kamau", member_state=state("KEN")),
    }


def test_a_focal_point_reports_and_staff_dispute_it_in_place_from_the_queue(cast, sign_in, page_check):
    pledge = PledgeFactory(title="Costed national action plan", member_state=state("KEN"))
    ProgressReportFactory(pledge=pledge, author=cast["focal"], status="planned", progress=20)
    other = PledgeFactory(title="Child helpline", member_state=state("FJI"))
    ProgressReportFactory(pledge=other, author=cast["staff"], progress=30)  # stays in the queue

    page = sign_in("kamau")
    page.goto(f"/pledges/{pledge.pk}/report/")
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("60")
    page.locator("#id_narrative").fill("The plan was costed and sent to cabinet.")
    page.locator("#id_evidence_url").fill("https://example.org/plan.pdf")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    report = ProgressReport.objects.filter(pledge=pledge).latest("created_at")

    page.context.clear_cookies()
    page = sign_in("alice")
    nav_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Verification (3)")
    expect(nav_link).to_be_visible()
    nav_link.click()
    page.wait_for_url("**/verification/")
    expect(page.get_by_text("3 reports waiting for verification")).to_be_visible()
    row = page.locator(f"#report-{report.pk}")
    expect(row.get_by_text("In progress")).to_be_visible()
    expect(row.get_by_text("Planned")).to_be_visible()  # what it was before this report
    expect(row.get_by_text("60 %")).to_be_visible()
    page_check(page, "verification-queue")

    row.get_by_label("Note for the focal points").fill(NOTE)
    row.get_by_role("button", name="Dispute").click()
    outcome = page.locator(f"#report-{report.pk}.queue-done")
    outcome.wait_for()
    expect(outcome.get_by_text(NOTE)).to_be_visible()
    assert page.url.endswith("/verification/")  # swapped in place, no reload
    assert page.locator("#nav-verification-count").inner_text() == "2"
    verification = ReportVerification.objects.get(report=report)
    assert (verification.verdict, verification.note, verification.verified_by.username) == (
        "disputed",
        NOTE,
        "alice",
    )

    page.goto(f"/pledges/{pledge.pk}/")
    disclosure = page.locator("details.verify-disclosure")
    assert disclosure.count() == 1  # only the earlier report, which has no verdict yet
    assert page.get_by_label("Note for the focal points").is_hidden()
    disclosure.get_by_text("Verify or dispute").click()
    expect(page.get_by_label("Note for the focal points")).to_be_visible()

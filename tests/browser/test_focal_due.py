"""The focal point of Kenya lands on what is due, answers a disputed report and sees it on the timeline."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from pledges.choices import Verdict
from pledges.models import ProgressReport, ReportVerification
from tests.factories import PledgeFactory, ProgressReportFactory, state


def test_focal_point_answers_a_disputed_report_from_the_home(cast, sign_in, page_check):
    today = timezone.localdate()
    PledgeFactory(
        member_state=state("KEN"),
        title="Birth registration for every child",
        next_report_due=today - dt.timedelta(days=12),
    )
    pledge = PledgeFactory(
        member_state=state("KEN"),
        title="Costed national action plan",
        next_report_due=today + dt.timedelta(days=60),
    )
    report = ProgressReportFactory(
        pledge=pledge, author=cast["focal_ken"], narrative="The plan is adopted.", progress=40
    )
    ReportVerification.objects.create(
        report=report,
        verdict=Verdict.DISPUTED,
        note="Attach the cabinet decision.",
        verified_by=cast["staff"],
    )

    page = sign_in("kamau")
    assert page.url.endswith("/")
    expect(page.get_by_role("heading", name="What is due from you")).to_be_visible()
    disputed = page.locator("[data-due=disputed]")
    expect(disputed.get_by_text("Attach the cabinet decision.")).to_be_visible()
    expect(
        page.locator("[data-due=overdue]").get_by_text("Birth registration for every child")
    ).to_be_visible()
    page_check(page, "focal-home")

    disputed.get_by_role("link", name="Answer").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/report/")
    expect(page.locator("#dispute-note").get_by_text("Attach the cabinet decision.")).to_be_visible()
    expect(page.locator("#last-report").get_by_text("The plan is adopted.")).to_be_visible()
    page_check(page, "focal-report")

    page.locator("#id_progress").fill("45")
    page.locator("#id_narrative").fill("The cabinet decision of 3 March is attached.")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    expect(
        page.locator(".timeline").get_by_text("The cabinet decision of 3 March is attached.")
    ).to_be_visible()
    assert ProgressReport.objects.filter(pledge=pledge).count() == 2

    page.goto("/")
    assert page.locator("[data-due=disputed]").count() == 0

    page.get_by_role("link", name="Account").click()
    page.wait_for_url("**/account/")
    page_check(page, "account")
    page.locator("#id_weekly_digest").uncheck()
    page.get_by_role("button", name="Save my account").click()
    page.get_by_text("Your account is saved.").wait_for()
    cast["focal_ken"].refresh_from_db()
    assert cast["focal_ken"].weekly_digest is False

"""The focal point of Kenya in Arabic (right to left), Chinese and Russian: lands on what is due,
answers a disputed report with a PDF attached, and finds the answer on the pledge's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from pledges.choices import Verdict
from pledges.models import EvidenceFile, ProgressReport, ReportVerification
from tests.factories import PledgeFactory, ProgressReportFactory, StaffFactory, state
from tests.pledges.evidence_samples import minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

# language -> (the screenshot suffix the issue names, the page's direction, Kenya in that language)
LANGUAGES = {
    "ar": ("ar", "rtl", "كينيا"),
    "zh-hans": ("zh", "ltr", "肯尼亚"),
    "ru": ("ru", "ltr", "Кения"),
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        translated = gettext(message)
    assert translated != message, f"{message!r} has no {language} translation"
    return translated


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_focal_point_answers_a_disputed_report_in_their_language(
    language, focal_ken, sign_in, page_check
):
    suffix, direction, kenya = LANGUAGES[language]
    focal_ken.language = language
    focal_ken.save(update_fields=["language"])
    today = timezone.localdate()
    pledge = PledgeFactory(
        member_state=state("KEN"),
        title="Costed national action plan",
        next_report_due=today - dt.timedelta(days=3),
    )
    report = ProgressReportFactory(
        pledge=pledge, author=focal_ken, narrative="The plan is adopted.", progress=40
    )
    ReportVerification.objects.create(
        report=report,
        verdict=Verdict.DISPUTED,
        note="Attach the cabinet decision.",
        verified_by=StaffFactory(),
    )

    page = sign_in("kamau")  # the account's language applies from the first page after signing in
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction
    heading = page.get_by_role("heading", level=1)
    assert in_language(language, "What is due from you") in heading.inner_text()
    assert kenya in heading.inner_text()
    disputed = page.locator("[data-due=disputed]")
    expect(disputed.get_by_text("Attach the cabinet decision.")).to_be_visible()
    page_check(page, f"focal-home-{suffix}")

    disputed.locator(f"a[href$='/pledges/{pledge.pk}/report/']").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/report/")
    expect(page.locator("#dispute-note").get_by_text("Attach the cabinet decision.")).to_be_visible()
    page.locator("#id_progress").fill("45")
    page.locator("#id_narrative").fill("The cabinet decision of 3 March is attached.")
    page.locator("input[type=file][name=evidence_files]").set_input_files(
        files=[{"name": "Cabinet decision.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}]
    )
    page_check(page, f"focal-report-{suffix}")
    page.get_by_role("button", name=in_language(language, "Send the report")).click()

    page.wait_for_url(f"**/pledges/{pledge.pk}/")
    expect(
        page.get_by_role("status").get_by_text(
            in_language(language, "Thank you: your progress report is recorded.")
        )
    ).to_be_visible()
    timeline = page.locator(".timeline")
    expect(timeline.get_by_text("The cabinet decision of 3 March is attached.")).to_be_visible()
    expect(timeline.get_by_role("link", name="Cabinet decision.pdf")).to_be_visible()
    answer = ProgressReport.objects.filter(pledge=pledge).latest("id")
    assert answer.progress == 45
    assert EvidenceFile.objects.filter(report=answer).count() == 1

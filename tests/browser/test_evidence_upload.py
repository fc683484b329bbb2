"""Browser journey: a focal point attaches a PDF to a progress report and finds it on the timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pledges.models import EvidenceFile
from tests.factories import FocalPointFactory, PledgeFactory, state
from tests.pledges.evidence_samples import minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_focal_point_attaches_a_pdf_and_sees_it_on_the_timeline(reference_data, sign_in, page_check):
    FocalPointFactory(username="kamau", first_name="Kamau", member_state=state("KEN"))
    pledge = PledgeFactory(title="Costed national action plan", member_state=state("KEN"))

    page = sign_in("kamau")
    page.goto(f"/pledges/{pledge.pk}/report/")
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("60")
    page.locator("#id_narrative").fill("The plan was costed; the costing note is attached.")
    files = page.get_by_label("Evidence files")
    assert files.get_attribute("multiple") is not None
    files.set_input_files(
        files=[{"name": "Costing note.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}]
    )
    page_check(page, "report-evidence-form")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/pledges/{pledge.pk}/")

    evidence = EvidenceFile.objects.get()
    listed = page.locator(f"#report-{evidence.report_id} .evidence-files")
    link = listed.get_by_role("link", name="Costing note.pdf")
    expect(link).to_be_visible()
    expect(listed.get_by_text(f"(PDF, {len(minimal_pdf())} bytes)")).to_be_visible()
    page_check(page, "report-evidence")

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "Costing note.pdf"
    assert Path(download.path()).read_bytes() == minimal_pdf()

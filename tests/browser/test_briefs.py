"""Briefing notes in Chromium: staff open Kenya's note and download its PDF; a viewer's note has no
confidential part. Both pages pass axe-core and fit a 360 px screen."""

from __future__ import annotations

import io

import pypdf
import pytest
from playwright.sync_api import expect

from engagement.services import member_state_update_talking_points
from pledges.choices import Visibility
from tests.factories import (
    EndorsementFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    StaffFactory,
    UserFactory,
    state,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

TALKING_POINTS = "Welcome the corporal punishment bill before the vote."
CONFIDENTIAL_NOTE = "The minister hinted at a budget increase for the helpline."


@pytest.fixture
def kenya(reference_data):
    staff = StaffFactory(username="alice", first_name="Alice")
    UserFactory(username="victor", first_name="Victor")
    ken = state("KEN")
    meeting = MeetingFactory(
        title="Bilateral with the Cabinet Secretary",
        summary="Reviewed the national plan.",
        notes=CONFIDENTIAL_NOTE,
    )
    meeting.member_states.add(ken)
    pledge = PledgeFactory(title="Ban corporal punishment in all settings", member_state=ken)
    ProgressReportFactory(pledge=pledge, author=staff, narrative="The bill passed its second reading.")
    PledgeFactory(title="Fund the child helpline", member_state=ken, visibility=Visibility.INTERNAL)
    FollowUpFactory(title="Send the costing study", meeting=meeting, assignee=staff)
    EndorsementFactory(member_state=ken)
    MembershipFactory(member_state=ken)
    member_state_update_talking_points(member_state=ken, talking_points=TALKING_POINTS, by=staff)


def test_staff_open_kenyas_brief_and_download_its_pdf(kenya, sign_in, page_check):
    page = sign_in("alice")
    page.goto("/states/KEN/brief/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Briefing note: Kenya")
    expect(page.get_by_text(TALKING_POINTS)).to_be_visible()
    expect(page.get_by_text(CONFIDENTIAL_NOTE)).to_be_visible()
    page_check(page, "brief-staff")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("brief-KEN-")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Briefing note: Kenya" in text
    assert "Ban corporal punishment in all settings" in text
    assert TALKING_POINTS in text
    assert CONFIDENTIAL_NOTE in text
    assert "Confidential: for OSRSG-VAC staff only" in text


def test_a_viewers_brief_has_no_confidential_note(kenya, sign_in, page_check):
    page = sign_in("victor")
    page.goto("/states/KEN/brief/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Briefing note: Kenya")
    expect(page.get_by_text("Reviewed the national plan.")).to_be_visible()
    expect(page.get_by_role("link", name="Ban corporal punishment in all settings")).to_be_visible()
    content = page.locator("main").inner_text()
    for confidential in (CONFIDENTIAL_NOTE, TALKING_POINTS, "Confidential notes", "Talking points"):
        assert confidential not in content
    page_check(page, "brief-viewer")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    with open(download_info.value.path(), "rb") as handle:
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(handle.read())).pages)
    assert "Ban corporal punishment" in text
    assert "budget increase" not in text
    assert "corporal punishment bill before" not in text

"""Browser journey of an e-mailed meeting: its draft waits, is corrected and confirmed; axe and 360 px."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from engagement.models import Contact
from meetings.models import Meeting
from meetings.services import meeting_draft_receive
from tests.factories import StaffFactory, state

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
RAW = (
    b"From: Alice <alice@example.org>\r\nTo: meetings@tracker.localhost\r\n"
    b"Subject: Fwd: Bilateral with Kenya\r\nMessage-ID: <journey@example.org>\r\n"
    b"Date: Mon, 03 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"---------- Forwarded message ---------\r\nFrom: Jane Doe <jane@health.go.ke>\r\n"
    b"Date: Thu, Feb 27, 2025 at 4:12 PM\r\nTo: alice@example.org\r\n\r\nThank you for the meeting.\r\n"
    b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=Agenda.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\n"
    + base64.encodebytes(PDF).replace(b"\n", b"\r\n")
    + b"--b--\r\n"
)


@pytest.fixture
def draft(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    StaffFactory(username="alice", first_name="Alice", email="alice@example.org")
    Contact.objects.create(name="Jane Doe", member_state=state("KEN"), email="jane@health.go.ke")
    dropbox = ["meetings@tracker.localhost"]
    return meeting_draft_receive(raw=RAW, envelope_from="alice@example.org", recipients=dropbox)


def test_staff_confirm_an_emailed_meeting_after_correcting_it(draft, sign_in, page_check):
    page = sign_in("alice")
    page.goto("/meetings/drafts/")
    expect(page.get_by_role("heading", name="Bilateral with Kenya")).to_be_visible()
    expect(page.get_by_role("link", name="Agenda.pdf")).to_be_visible()
    page_check(page, "meeting-drafts")
    page.get_by_role("link", name="Review and confirm Bilateral with Kenya").click()
    page.wait_for_url(f"**/meetings/drafts/{draft.pk}/")
    expect(page.locator("#id_title")).to_have_value("Bilateral with Kenya")
    page_check(page, "meeting-draft-confirm")
    page.locator("#id_title").fill("Bilateral with Kenya on the action plan")
    page.locator("#id_level").select_option("ministerial")
    page.get_by_role("button", name="Confirm and log the meeting").click()
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get()
    assert meeting.title == "Bilateral with Kenya on the action plan"
    assert list(meeting.member_states.values_list("iso3", flat=True)) == ["KEN"]
    expect(page.get_by_role("heading", name="Bilateral with Kenya on the action plan")).to_be_visible()

"""`/states/<iso3>/brief/`: a State's briefing note, as a page and as a PDF, scoped to its reader."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.selectors.brief import state_brief
from dashboards.views.briefs import static_file_bytes, static_only_fetcher
from engagement.services import member_state_update_talking_points
from pledges.choices import Visibility
from pledges.models import ReportVerification
from tests.factories import (
    EndorsementFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PledgeFactory,
    ProgressReportFactory,
    VnrFactory,
    state,
)

TODAY = dt.date(2025, 3, 3)
TALKING_POINTS = "Raise the helpline budget with the minister."
MEETING_NOTES = "The minister hinted at a budget increase."
FOLLOW_UP_NOTES = "Call the permanent mission first."
CHATHAM_SUMMARY = "Participants agreed that costing comes before the plan."
INTERNAL_NARRATIVE = "Helpline contract signed with the operator."
PUBLIC_NARRATIVE = "The bill passed its second reading."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.UTC), tick=False):
        yield


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def kenya_record(staff, *, offset: int = 0) -> dict:
    """A full record for Kenya: meetings (one under Chatham House), pledges with reports, a dispute,
    a follow-up, the endorsement, the membership, a VNR and talking points."""
    ken = state("KEN")
    meeting = MeetingFactory(
        title=f"Bilateral with the minister {offset}", date=dt.date(2025, 2, 10), notes=MEETING_NOTES
    )
    meeting.member_states.add(ken, state("FJI"))
    meeting.organizations.add(OrganizationFactory(name=f"UNICEF Kenya office {offset}", acronym=""))
    chatham = MeetingFactory(
        title=f"Investment case roundtable {offset}",
        date=dt.date(2025, 1, 20),
        chatham_house=True,
        summary=CHATHAM_SUMMARY,
        notes="",
    )
    chatham.member_states.add(ken, state("ISL"))
    chatham.organizations.add(OrganizationFactory(name=f"Alliance of Funders {offset}", acronym=""))
    public = PledgeFactory(title=f"Ban corporal punishment {offset}", member_state=ken)
    ProgressReportFactory(pledge=public, author=staff, narrative=PUBLIC_NARRATIVE, created_at=at(TODAY))
    internal = PledgeFactory(
        title=f"Fund the child helpline {offset}",
        member_state=ken,
        visibility=Visibility.INTERNAL,
        last_reported_at=at(TODAY),
    )
    ProgressReportFactory(pledge=internal, author=staff, narrative=INTERNAL_NARRATIVE, created_at=at(TODAY))
    disputed = PledgeFactory(title=f"Collect data {offset}", member_state=ken)
    report = ProgressReportFactory(pledge=disputed, author=staff, created_at=at(dt.date(2025, 2, 1)))
    ReportVerification.objects.create(
        report=report,
        verdict="disputed",
        note="The survey is a draft.",
        verified_by=staff,
        created_at=at(TODAY),
    )
    FollowUpFactory(
        title=f"Send the costing study {offset}",
        meeting=meeting,
        assignee=staff,
        notes=FOLLOW_UP_NOTES,
        due_date=dt.date(2025, 3, 20),
    )
    return {"meeting": meeting, "chatham": chatham, "public": public, "internal": internal}


@pytest.fixture
def kenya(staff):
    record = kenya_record(staff)
    EndorsementFactory(member_state=state("KEN"))
    MembershipFactory(member_state=state("KEN"))
    VnrFactory(member_state=state("KEN"), hlpf_year=2024, outreach_sent=True)
    member_state_update_talking_points(member_state=state("KEN"), talking_points=TALKING_POINTS, by=staff)
    return record


def pdf_text(response) -> str:
    """The document's text, its lines joined by spaces (a long title wraps)."""
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pdf_fonts(response) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


# --- Who reads what ---------------------------------------------------------------------------------


def test_staff_read_the_facts_talking_points_notes_and_follow_ups(web, staff, kenya):
    response = web(staff).get("/states/KEN/brief/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Briefing note: Kenya</h1>" in page
    assert "Confidential: for OSRSG-VAC staff only" in page
    assert TALKING_POINTS in page
    assert MEETING_NOTES in page
    assert FOLLOW_UP_NOTES in page
    assert INTERNAL_NARRATIVE in page
    assert PUBLIC_NARRATIVE in page
    assert "Endorsed on" in page
    assert "Member since" in page
    assert "HLPF 2024" in page
    assert "National focal point appointed" in page  # the Pathfinding milestones
    assert "The survey is a draft." in page  # the open dispute, with its note
    assert "Send the costing study 0" in page


def test_viewer_reads_the_same_note_without_confidential_parts(web, viewer, staff, kenya, focal_ken):
    page = web(viewer).get("/states/KEN/brief/").content.decode()
    assert "Bilateral with the minister 0" in page
    assert "Ban corporal punishment 0" in page
    assert "Without confidential content" in page
    for confidential in (TALKING_POINTS, MEETING_NOTES, FOLLOW_UP_NOTES, "Talking points", "Kamau"):
        assert confidential not in page
    # Reports are read as the API reads them: a viewer reads those of public pledges only.
    assert PUBLIC_NARRATIVE in page
    assert INTERNAL_NARRATIVE not in page
    assert "Fund the child helpline 0" in page  # the pledge itself is not confidential
    assert "the report of an internal pledge is for the Office" in page


def test_staff_read_the_focal_points_by_name(web, staff, kenya, focal_ken):
    assert "Kamau" in web(staff).get("/states/KEN/brief/").content.decode()


@pytest.mark.parametrize("role", ["focal_ken", "focal_fji"])
def test_focal_points_are_refused(request, web, kenya, role):
    user = request.getfixturevalue(role)
    assert web(user).get("/states/KEN/brief/").status_code == 403
    assert web(user).get("/states/KEN/brief/?format=pdf").status_code == 403


def test_anonymous_callers_are_sent_to_sign_in(web, reference_data):
    response = web().get("/states/KEN/brief/?format=pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/states/KEN/brief/")


def test_an_unknown_state_is_404(web, staff):
    assert web(staff).get("/states/XXX/brief/").status_code == 404


def test_chatham_house_meetings_are_told_without_attribution(web, staff, viewer, kenya):
    for user in (staff, viewer):
        page = web(user).get("/states/KEN/brief/").content.decode()
        assert CHATHAM_SUMMARY in page
        assert "Held under the Chatham House rule" in page
        assert "Alliance of Funders 0" not in page
        assert "Iceland" not in page
        # The other meeting, held on the record, names who took part.
        assert "UNICEF Kenya office 0" in page
        assert "Fiji" in page
    text = pdf_text(web(staff).get("/states/KEN/brief/?format=pdf"))
    assert "Alliance of Funders" not in text
    assert "Iceland" not in text


def test_the_next_deadlines_are_listed_soonest_first(web, staff, kenya):
    page = web(staff).get("/states/KEN/brief/").content.decode()
    deadlines = page[page.index('id="note-KEN-deadlines"') : page.index('id="note-KEN-pledges"')]
    follow_up, report_due = (
        deadlines.index("Send the costing study 0"),
        deadlines.index("Progress report due"),
    )
    assert follow_up < report_due  # 20 March 2025, then the reports due on 8 May 2025
    assert "Pathfinding milestone due" in deadlines


# --- The PDF ----------------------------------------------------------------------------------------


def test_the_pdf_is_a_download_named_after_the_state_and_the_day(web, staff, kenya):
    response = web(staff).get("/states/KEN/brief/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brief-KEN-2025-03-03.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response)
    assert "Kenya" in text
    assert "Ban corporal punishment 0" in text
    assert "Raise the helpline budget" in text
    assert "The minister hinted" in text


def test_a_viewers_pdf_has_no_confidential_part(web, viewer, kenya):
    text = pdf_text(web(viewer).get("/states/KEN/brief/?format=pdf"))
    assert "Ban corporal punishment 0" in text
    for confidential in (
        "Raise the helpline budget",
        "The minister hinted",
        "permanent mission",
        "Helpline contract",
    ):
        assert confidential not in text


def test_the_pdf_loads_its_stylesheet_and_nothing_else(web, staff, kenya, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = web(staff).get("/states/KEN/brief/?format=pdf")
    assert response.status_code == 200
    assert [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")] == []
    assert any("DejaVu" in font for font in pdf_fonts(response))  # the stylesheet's font, not a default


def test_the_renderer_is_served_only_our_static_files(settings):
    css = static_file_bytes(f"{settings.SITE_URL}/static/css/brief-pdf.css")
    assert b"@page" in css
    fetcher = static_only_fetcher()
    assert fetcher.fetch(f"{settings.SITE_URL}/static/css/brief-pdf.css").read() == css
    for refused in (
        "https://example.org/static/css/brief-pdf.css",
        "http://127.0.0.1:8000/admin/",
        "file:///etc/passwd",
        f"{settings.SITE_URL}/static/../config/settings.py",
        f"{settings.SITE_URL}/static/%2e%2e/config/settings.py",
        f"{settings.SITE_URL}/static/css/nothing-here.css",
        f"{settings.SITE_URL}/pledges/1/",
    ):
        with pytest.raises(ValueError):  # noqa: PT011 (each refusal names its URL)
            fetcher.fetch(refused)


@pytest.mark.parametrize("asked", ["docx", "PDF", "pdf%00", "csv"])
def test_a_format_other_than_html_or_pdf_is_a_clear_400(web, staff, kenya, asked):
    response = web(staff).get(f"/states/KEN/brief/?format={asked}")
    assert response.status_code == 400
    assert "Ask for one of: html, pdf" in response.content.decode()


def test_format_html_is_the_page(web, staff, kenya):
    response = web(staff).get("/states/KEN/brief/?format=html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- Languages ----------------------------------------------------------------------------------------


def test_an_arabic_brief_reads_right_to_left_page_and_pdf(web, staff, kenya):
    staff.language = "ar"
    staff.save(update_fields=["language"])
    client = web(staff)
    page = client.get("/states/KEN/brief/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "كينيا" in page  # Kenya, from CLDR
    response = client.get("/states/KEN/brief/?format=pdf")
    assert response.status_code == 200
    assert "كينيا" in pdf_text(response)
    assert any("DejaVu" in font for font in pdf_fonts(response))


def test_a_chinese_brief_embeds_a_chinese_font(web, staff, kenya):
    staff.language = "zh-hans"
    staff.save(update_fields=["language"])
    response = web(staff).get("/states/KEN/brief/?format=pdf")
    assert response.status_code == 200
    assert "肯尼亚" in pdf_text(response)
    assert any("WenQuanYi" in font or "CJK" in font for font in pdf_fonts(response))


# --- Queries ----------------------------------------------------------------------------------------


def test_the_note_reads_a_bounded_number_of_queries(staff, viewer, kenya, django_assert_max_num_queries):
    ken = state("KEN")
    for user in (staff, viewer):
        with django_assert_max_num_queries(14):
            note = state_brief(user=user, member_state=ken, today=TODAY)
            assert note.pledges
            assert note.meetings
            assert note.follow_ups
            assert note.disputes


def test_the_query_count_does_not_grow_with_the_record(web, staff, kenya):
    client = web(staff)
    client.get("/states/KEN/brief/")  # sessions and caches warmed

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/states/KEN/brief/").status_code == 200
        return len(queries)

    before = count()
    for offset in range(1, 4):
        kenya_record(staff, offset=offset)
    assert count() == before

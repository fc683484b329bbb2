"""`/meetings/<id>/brief/`: a meeting's header and one briefing note per State, in one document."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.services import member_state_update_talking_points
from tests.factories import MeetingFactory, OrganizationFactory, PledgeFactory, state

TODAY = dt.date(2025, 3, 3)
PLANNED = dt.date(2025, 4, 14)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10), tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def planned(staff):
    """A planned regional meeting with Kenya and Fiji, each with a pledge and talking points."""
    meeting = MeetingFactory(
        title="Regional ministerial on the investment case",
        date=PLANNED,
        summary="Agenda: costing child protection services.",
        notes="Kenya may announce a budget line.",
    )
    meeting.member_states.add(state("KEN"), state("FJI"))
    meeting.organizations.add(OrganizationFactory(name="Pacific Islands Forum", acronym=""))
    PledgeFactory(title="Kenya helpline", member_state=state("KEN"))
    PledgeFactory(title="Fiji costing study", member_state=state("FJI"))
    member_state_update_talking_points(
        member_state=state("KEN"), talking_points="Thank Kenya for the bill.", by=staff
    )
    member_state_update_talking_points(
        member_state=state("FJI"), talking_points="Ask Fiji about the KPI.", by=staff
    )
    return meeting


def pdf_pages(response) -> list[str]:
    """Each page's text, its lines joined by spaces (a long title wraps)."""
    return [
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    ]


def test_staff_read_the_meeting_header_and_a_note_per_state(web, staff, planned):
    response = web(staff).get(f"/meetings/{planned.pk}/brief/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Briefing notes: Regional ministerial on the investment case" in page
    assert "14 April 2025" in page
    assert 'id="note-FJI"' in page
    assert 'id="note-KEN"' in page
    assert page.index('id="note-FJI"') < page.index('id="note-KEN"')  # in the reader's name order
    assert "Kenya helpline" in page
    assert "Fiji costing study" in page
    assert "Thank Kenya for the bill." in page
    assert "Ask Fiji about the KPI." in page
    assert "Kenya may announce a budget line." in page
    assert "Pacific Islands Forum" in page
    # The planned meeting is among each State's next deadlines.
    deadlines = page[page.index('id="note-KEN-deadlines"') : page.index('id="note-KEN-pledges"')]
    assert "Regional ministerial on the investment case" in deadlines


def test_the_pdf_puts_each_state_on_a_page_of_its_own(web, staff, planned):
    response = web(staff).get(f"/meetings/{planned.pk}/brief/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="brief-meeting-{planned.pk}-2025-03-03.pdf"'
    )
    pages = pdf_pages(response)
    assert "Regional ministerial on the investment case" in pages[0]
    fiji = next(i for i, text in enumerate(pages) if "Fiji (FJI)" in text)
    kenya = next(i for i, text in enumerate(pages) if "Kenya (KEN)" in text)
    assert 0 < fiji < kenya
    assert "Ask Fiji about the KPI." in pages[fiji]
    assert "Thank Kenya for the bill." in "\n".join(pages[kenya:])


def test_viewer_reads_the_notes_without_confidential_parts(web, viewer, planned):
    page = web(viewer).get(f"/meetings/{planned.pk}/brief/").content.decode()
    assert "Kenya helpline" in page
    assert "Fiji costing study" in page
    for confidential in ("Thank Kenya", "Ask Fiji", "Kenya may announce", "Talking points"):
        assert confidential not in page
    text = "\n".join(pdf_pages(web(viewer).get(f"/meetings/{planned.pk}/brief/?format=pdf")))
    assert "Fiji costing study" in text
    for confidential in ("Thank Kenya", "Ask Fiji", "Kenya may announce"):
        assert confidential not in text


def test_a_chatham_house_meeting_names_no_organization(web, staff, planned):
    planned.chatham_house = True
    planned.save(update_fields=["chatham_house"])
    page = web(staff).get(f"/meetings/{planned.pk}/brief/").content.decode()
    assert "Pacific Islands Forum" not in page
    assert "Held under the Chatham House rule" in page
    assert "Agenda: costing child protection services." in page


@pytest.mark.parametrize("role", ["focal_ken", "focal_fji"])
def test_focal_points_are_refused(request, web, planned, role):
    assert web(request.getfixturevalue(role)).get(f"/meetings/{planned.pk}/brief/").status_code == 403


def test_anonymous_callers_are_sent_to_sign_in(web, planned):
    response = web().get(f"/meetings/{planned.pk}/brief/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_unknown_meeting_is_404(web, staff, planned):
    assert web(staff).get(f"/meetings/{planned.pk + 1000}/brief/").status_code == 404


def test_a_bad_format_is_a_clear_400(web, staff, planned):
    response = web(staff).get(f"/meetings/{planned.pk}/brief/?format=xlsx")
    assert response.status_code == 400
    assert "Ask for one of: html, pdf" in response.content.decode()


def test_a_meeting_without_states_says_so(web, staff, reference_data):
    meeting = MeetingFactory(title="Internal planning")
    response = web(staff).get(f"/meetings/{meeting.pk}/brief/")
    assert response.status_code == 200
    assert "No Member State is recorded for this meeting." in response.content.decode()
    assert web(staff).get(f"/meetings/{meeting.pk}/brief/?format=pdf").status_code == 200


def test_each_state_costs_the_same_number_of_queries(web, staff, planned):
    client = web(staff)
    client.get(f"/meetings/{planned.pk}/brief/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/meetings/{planned.pk}/brief/").status_code == 200
        return len(queries)

    two = count()
    planned.member_states.add(state("ISL"))
    three = count()
    planned.member_states.add(state("SEN"), state("THA"))
    five = count()
    per_state = three - two
    assert 0 < per_state <= 14
    assert five - three == 2 * per_state

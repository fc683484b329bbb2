"""Meeting list, detail and the log form."""

from __future__ import annotations

import datetime as dt

import pytest

from engagement.choices import Vocabulary
from meetings.models import FollowUpAction, Meeting
from tests.factories import MeetingFactory, state, term


def form_data(staff, **overrides) -> dict:
    data = {
        "date": "2025-03-12",
        "title": "Roundtable on the investment case",
        "kind": "roundtable",
        "mode": "online",
        "level": "ministerial",
        "member_states": ["KEN", "FJI"],
        "topics": "investment_case",
        "children_engaged": "12",
        "chatham_house": "on",
        "follow_ups-TOTAL_FORMS": "2",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-0-title": "Send the summary",
        "follow_ups-0-assignee": str(staff.pk),
        "follow_ups-0-due_date": "2025-03-30",
        "follow_ups-1-title": "",
        "follow_ups-1-assignee": "",
        "follow_ups-1-due_date": "",
    }
    data.update(overrides)
    return data


def test_staff_logs_a_meeting_with_its_follow_up(web, staff):
    response = web(staff).post("/meetings/new/", form_data(staff))
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert sorted(meeting.member_states.values_list("iso3", flat=True)) == ["FJI", "KEN"]
    assert meeting.topics.get() == term(Vocabulary.THEME, "investment_case")
    assert meeting.chatham_house
    assert meeting.children_engaged == 12
    assert meeting.follow_ups.get().title == "Send the summary"


def test_unknown_topic_keeps_what_was_typed_and_saves_nothing(web, staff):
    response = web(staff).post("/meetings/new/", form_data(staff, topics=["investment_case", "astrology"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown topic: astrology." in page
    assert "Roundtable on the investment case" in page
    assert not Meeting.objects.exists()
    assert not FollowUpAction.objects.exists()


def test_follow_up_for_a_non_staff_owner_saves_nothing(web, staff, viewer):
    response = web(staff).post(
        "/meetings/new/", form_data(staff, **{"follow_ups-0-assignee": str(viewer.pk)})
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_viewer_forged_post_is_refused(web, viewer, staff):
    assert web(viewer).post("/meetings/new/", form_data(staff)).status_code == 403
    assert not Meeting.objects.exists()


def test_list_filters_by_state_and_searches_titles(web, viewer):
    kenyan = MeetingFactory(title="Nairobi briefing")
    kenyan.member_states.add(state("KEN"))
    MeetingFactory(title="Suva dialogue").member_states.add(state("FJI"))
    page = web(viewer).get("/meetings/", {"member_state": "KEN", "q": "nairobi"}).content.decode()
    assert "Nairobi briefing" in page
    assert "Suva dialogue" not in page


def test_list_filters_by_date_range(web, viewer):
    MeetingFactory(title="Early", date=dt.date(2024, 1, 5))
    MeetingFactory(title="Late", date=dt.date(2024, 6, 5))
    page = web(viewer).get("/meetings/", {"date_after": "2024-03-01"}).content.decode()
    assert "Late" in page
    assert "Early" not in page


def test_meeting_notes_are_for_staff_only(web, staff, viewer):
    meeting = MeetingFactory(notes="Hinted at a budget increase")
    assert "Hinted at a budget increase" in web(staff).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Hinted at a budget increase" not in web(viewer).get(f"/meetings/{meeting.pk}/").content.decode()


@pytest.mark.parametrize("count", [1, 60])
def test_list_costs_the_same_whatever_the_number_of_meetings(web, viewer, django_assert_num_queries, count):
    for meeting in MeetingFactory.create_batch(count):
        meeting.member_states.add(state("KEN"))
    client = web(viewer)
    # session, user, count, children total, page, member_states, topics, two savepoints (session)
    with django_assert_num_queries(9):
        client.get("/meetings/")


def test_an_error_in_a_follow_up_row_alone_is_named_in_the_summary_at_the_top(web, staff):
    response = web(staff).post("/meetings/new/", form_data(staff, **{"follow_ups-0-due_date": "not a date"}))
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    assert 'href="#id_follow_ups-0-due_date"' in summary
    assert "row 1" in summary
    assert not Meeting.objects.exists()

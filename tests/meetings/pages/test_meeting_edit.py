"""Changing a meeting on its edit page, and the meeting form's rules (level, topics, pledges by State)."""

from __future__ import annotations

import pytest

from engagement.choices import Vocabulary
from meetings.models import Meeting
from tests.factories import FollowUpFactory, MeetingFactory, PledgeFactory, state, term


@pytest.fixture
def meeting(reference_data):
    meeting = MeetingFactory(title="Bilateral with Kenya", level="ministerial")
    meeting.member_states.set([state("KEN")])
    meeting.topics.set([term(Vocabulary.THEME, "investment_case")])
    return meeting


def edit_data(**overrides) -> dict:
    data = {
        "date": "2024-03-12",
        "title": "Bilateral with Kenya and Fiji",
        "kind": "bilateral",
        "mode": "online",
        "level": "senior_official",
        "member_states": ["KEN", "FJI"],
        "topics": ["online_protection"],
        "children_engaged": "3",
    }
    data.update(overrides)
    return data


def test_edit_page_shows_the_meeting_as_saved(web, staff, meeting):
    page = web(staff).get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert 'value="Bilateral with Kenya"' in page
    assert '<option value="KEN" selected>' in page
    assert '<option value="investment_case" selected>' in page
    assert '<option value="ministerial" selected>' in page


def test_staff_change_a_meeting_through_the_edit_page(web, staff, meeting):
    response = web(staff).post(f"/meetings/{meeting.pk}/edit/", edit_data())
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.title == "Bilateral with Kenya and Fiji"
    assert meeting.level == "senior_official"
    assert sorted(meeting.member_states.values_list("iso3", flat=True)) == ["FJI", "KEN"]
    assert list(meeting.topics.values_list("code", flat=True)) == ["online_protection"]
    assert meeting.history.first().history_user == staff


def test_edit_page_lists_the_follow_ups_with_links_to_edit_them(web, staff, meeting):
    action = FollowUpFactory(meeting=meeting, title="Send the minutes")
    page = web(staff).get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert f'href="/follow-ups/{action.pk}/edit/"' in page
    assert "Send the minutes" in page
    assert f'href="/follow-ups/new/?meeting={meeting.pk}"' in page


def test_meeting_page_offers_edit_delete_and_add_follow_up_to_staff_only(web, staff, viewer, meeting):
    for_staff = web(staff).get(f"/meetings/{meeting.pk}/").content.decode()
    for_viewer = web(viewer).get(f"/meetings/{meeting.pk}/").content.decode()
    for link in (
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/{meeting.pk}/delete/",
        "/follow-ups/new/?meeting=",
    ):
        assert link in for_staff
        assert link not in for_viewer


def test_level_starts_empty_and_is_required(web, staff):
    page = web(staff).get("/meetings/new/").content.decode()
    level = page[
        page.index('<select name="level"') : page.index("</select>", page.index('<select name="level"'))
    ]
    assert '<option value="" selected>' in level
    response = web(staff).post("/meetings/new/", edit_data(level=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_level"' in body  # the error summary links to the field
    assert not Meeting.objects.exists()


def test_error_summary_at_the_top_links_to_each_field_in_error(web, staff):
    response = web(staff).post("/meetings/new/", edit_data(level="", title="", children_engaged="-1"))
    body = response.content.decode()
    summary = body[body.index('id="error-summary"') : body.index("</div>", body.index('id="error-summary"'))]
    for field in ("id_level", "id_title", "id_children_engaged"):
        assert f'href="#{field}"' in summary
    assert body.index('id="error-summary"') < body.index('id="meeting-form"')


def test_unknown_topic_code_is_refused_by_name(web, staff):
    response = web(staff).post("/meetings/new/", edit_data(topics=["astrology"]))
    assert "Unknown topic: astrology." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_pledge_of_a_state_not_chosen_is_refused_and_nothing_saved(web, staff):
    fiji_pledge = PledgeFactory(title="Fiji costed plan", member_state=state("FJI"))
    response = web(staff).post(
        "/meetings/new/",
        {
            **edit_data(member_states=["KEN"], pledges=[str(fiji_pledge.pk)]),
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "“Fiji costed plan” is a pledge of Fiji, which is not among the meeting&#x27;s Member States." in body
    )
    assert 'href="#id_pledges"' in body
    assert not Meeting.objects.exists()


def test_editing_away_a_pledges_state_is_refused_and_changes_nothing(web, staff, meeting):
    kenyan = PledgeFactory(title="Kenya plan", member_state=state("KEN"))
    meeting.pledges.set([kenyan])
    response = web(staff).post(
        f"/meetings/{meeting.pk}/edit/", edit_data(member_states=["FJI"], pledges=[str(kenyan.pk)])
    )
    assert response.status_code == 200
    assert "is a pledge of Kenya" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.title == "Bilateral with Kenya"
    assert list(meeting.member_states.values_list("iso3", flat=True)) == ["KEN"]


def test_pledge_picker_is_filtered_by_the_states_picker(web, staff, meeting):
    page = web(staff).get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert 'data-filter-by="id_member_states"' in page
    assert page.count("data-picker") >= 4
    assert "autocomplete.js" not in page


def test_viewer_forged_edit_is_refused_and_changes_nothing(web, viewer, meeting):
    assert web(viewer).post(f"/meetings/{meeting.pk}/edit/", edit_data()).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Bilateral with Kenya"

"""Deleting a meeting logged by mistake: confirmation, staff only, history keeps it."""

from __future__ import annotations

import pytest

from meetings.models import FollowUpAction, Meeting
from tests.factories import FollowUpFactory, MeetingFactory


@pytest.fixture
def meeting(reference_data):
    return MeetingFactory(title="Logged twice by mistake")


def test_get_asks_for_confirmation_and_deletes_nothing(web, staff, meeting):
    FollowUpFactory(meeting=meeting)
    response = web(staff).get(f"/meetings/{meeting.pk}/delete/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Delete the meeting" in page
    assert "follow-up action is deleted with it" in page
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_post_deletes_redirects_to_the_list_and_says_so(web, staff, meeting):
    FollowUpFactory(meeting=meeting)
    client = web(staff)
    response = client.post(f"/meetings/{meeting.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/meetings/"
    assert not Meeting.objects.exists()
    assert not FollowUpAction.objects.exists()
    assert "Meeting deleted: Logged twice by mistake" in client.get("/meetings/").content.decode()


def test_history_keeps_the_deleted_meeting_and_who_deleted_it(web, staff, meeting):
    web(staff).post(f"/meetings/{meeting.pk}/delete/")
    last = Meeting.history.filter(id=meeting.pk).order_by("-history_date").first()
    assert last.history_type == "-"
    assert last.title == "Logged twice by mistake"
    assert last.history_user == staff


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_a_forged_delete_is_refused_and_deletes_nothing(request, web, meeting, role):
    assert web(request.getfixturevalue(role)).post(f"/meetings/{meeting.pk}/delete/").status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_anonymous_delete_is_sent_to_sign_in_and_deletes_nothing(web, meeting):
    response = web().post(f"/meetings/{meeting.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Meeting.objects.filter(pk=meeting.pk).exists()

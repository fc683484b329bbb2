"""Creating a follow-up on its own or on a meeting, visit or pledge; editing, reassigning, reopening."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import FollowUpAction
from tests.factories import FollowUpFactory, MeetingFactory, PledgeFactory, StaffFactory, VisitFactory


def new_data(assignee, **overrides) -> dict:
    data = {
        "title": "Send the briefing note",
        "notes": "Two pages at most.",
        "assignee": str(assignee.pk),
        "due_date": "2026-05-04",
    }
    data.update(overrides)
    return data


def test_a_follow_up_on_its_own_is_created_for_the_caller_by_default(web, staff):
    page = web(staff).get("/follow-ups/new/").content.decode()
    assert f'<option value="{staff.pk}" selected>' in page
    response = web(staff).post("/follow-ups/new/", new_data(staff))
    assert response.status_code == 302
    assert response["Location"] == "/follow-ups/"
    action = FollowUpAction.objects.get()
    assert (action.title, action.notes, action.assignee, action.due_date) == (
        "Send the briefing note",
        "Two pages at most.",
        staff,
        dt.date(2026, 5, 4),
    )
    assert (action.meeting, action.visit, action.pledge) == (None, None, None)
    assert action.history.get().history_user == staff


@pytest.mark.parametrize(
    ("parent", "make", "back"),
    [
        ("meeting", MeetingFactory, "/meetings/{pk}/"),
        ("visit", VisitFactory, "/visits/{pk}/"),
        ("pledge", PledgeFactory, "/pledges/{pk}/"),
    ],
)
def test_opened_from_a_record_the_follow_up_is_linked_to_it(web, staff, parent, make, back):
    record = make()
    url = f"/follow-ups/new/?{parent}={record.pk}"
    page = web(staff).get(url).content.decode()
    assert back.format(pk=record.pk) in page  # the page says what it is about
    response = web(staff).post(url, new_data(staff))
    assert response["Location"] == back.format(pk=record.pk)
    assert getattr(FollowUpAction.objects.get(), f"{parent}_id") == record.pk


def test_two_parents_at_once_are_not_found(web, staff):
    meeting, visit = MeetingFactory(), VisitFactory()
    assert web(staff).get(f"/follow-ups/new/?meeting={meeting.pk}&visit={visit.pk}").status_code == 404


def test_an_unknown_parent_is_not_found_and_nothing_saved(web, staff):
    response = web(staff).post("/follow-ups/new/?meeting=999999", new_data(staff))
    assert response.status_code == 404
    assert not FollowUpAction.objects.exists()


def test_a_non_staff_assignee_is_refused_on_the_form_and_nothing_saved(web, staff, viewer):
    response = web(staff).post("/follow-ups/new/", new_data(viewer))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_assignee"' in body
    assert not FollowUpAction.objects.exists()


def test_reassign_and_reschedule_a_follow_up(web, staff, reference_data):
    colleague = StaffFactory(username="bruno", first_name="Bruno")
    action = FollowUpFactory(assignee=staff, title="Call the ministry")
    response = web(staff).post(
        f"/follow-ups/{action.pk}/edit/",
        new_data(colleague, title="Call the ministry again", due_date="2026-06-01", status="open"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.assignee == colleague
    assert action.due_date == dt.date(2026, 6, 1)
    assert action.title == "Call the ministry again"
    assert action.history.first().history_user == staff


def test_an_inactive_staff_member_cannot_be_given_a_follow_up(web, staff, reference_data):
    gone = StaffFactory(username="gone", is_active=False)
    action = FollowUpFactory(assignee=staff)
    response = web(staff).post(f"/follow-ups/{action.pk}/edit/", new_data(gone, status="open"))
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.assignee == staff


def test_marking_done_on_the_edit_page_closes_and_reopening_clears_the_date(web, staff, reference_data):
    action = FollowUpFactory(assignee=staff)
    web(staff).post(f"/follow-ups/{action.pk}/edit/", new_data(staff, status="done"))
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("done", timezone.localdate())
    web(staff).post(f"/follow-ups/{action.pk}/edit/", new_data(staff, status="open"))
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("open", None)


def test_the_reopen_button_reopens_a_follow_up_marked_done_by_mistake(web, staff, reference_data):
    action = FollowUpFactory(assignee=staff, status="done", closed_on=timezone.localdate())
    page = web(staff).get(f"/follow-ups/{action.pk}/edit/").content.decode()
    assert f'action="/follow-ups/{action.pk}/reopen/"' in page
    response = web(staff).post(f"/follow-ups/{action.pk}/reopen/", {"next": f"/follow-ups/{action.pk}/edit/"})
    assert response["Location"] == f"/follow-ups/{action.pk}/edit/"
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("open", None)


def test_reopen_never_redirects_off_site(web, staff, reference_data):
    action = FollowUpFactory(assignee=staff, status="done", closed_on=timezone.localdate())
    response = web(staff).post(f"/follow-ups/{action.pk}/reopen/", {"next": "https://evil.example/"})
    assert response["Location"] == "/follow-ups/"


def test_visit_page_offers_an_add_follow_up_button_to_staff_only(web, staff, viewer, reference_data):
    visit = VisitFactory()
    link = f"/follow-ups/new/?visit={visit.pk}"
    assert link in web(staff).get(f"/visits/{visit.pk}/").content.decode()
    assert link not in web(viewer).get(f"/visits/{visit.pk}/").content.decode()


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_forged_writes_are_refused_and_change_nothing(request, web, staff, role):
    user = request.getfixturevalue(role)
    action = FollowUpFactory(assignee=staff, status="done", closed_on=timezone.localdate())
    client = web(user)
    assert client.post("/follow-ups/new/", new_data(staff)).status_code == 403
    assert client.post(f"/follow-ups/{action.pk}/edit/", new_data(staff, status="open")).status_code == 403
    assert client.post(f"/follow-ups/{action.pk}/reopen/").status_code == 403
    action.refresh_from_db()
    assert action.status == "done"
    assert FollowUpAction.objects.count() == 1

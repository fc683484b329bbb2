"""follow-ups/: staff tasks on a meeting, a visit or a pledge; closing sets closed_on."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from meetings.models import FollowUpAction
from tests.factories import FollowUpFactory, MeetingFactory, VisitFactory

URL = "/api/v1/follow-ups/"


@time_machine.travel(dt.date(2025, 2, 3), tick=False)
def test_marking_a_follow_up_done_sets_closed_on_today(api, staff):
    follow_up = FollowUpFactory(assignee=staff)

    response = api(staff).patch(f"{URL}{follow_up.pk}/", {"status": "done"}, format="json")

    assert response.status_code == 200
    assert response.json()["closed_on"] == "2025-02-03"


def test_reopening_clears_closed_on(api, staff):
    follow_up = FollowUpFactory(assignee=staff, status="done", closed_on=dt.date(2025, 1, 1))

    response = api(staff).patch(f"{URL}{follow_up.pk}/", {"status": "open"}, format="json")

    assert response.json()["closed_on"] is None


@time_machine.travel(dt.date(2025, 2, 3), tick=False)
def test_the_overdue_filter_lists_open_actions_past_due(api, viewer, staff):
    late = FollowUpFactory(assignee=staff, due_date=dt.date(2025, 1, 31))
    FollowUpFactory(assignee=staff, due_date=dt.date(2025, 2, 28))
    FollowUpFactory(
        assignee=staff, due_date=dt.date(2025, 1, 2), status="done", closed_on=dt.date(2025, 1, 2)
    )

    rows = api(viewer).get(URL, {"overdue": "true"}).json()["results"]

    assert [row["id"] for row in rows] == [late.pk]


def test_viewers_do_not_see_follow_up_notes(api, viewer, staff):
    FollowUpFactory(assignee=staff, notes="Internal")

    assert "notes" not in api(viewer).get(URL).json()["results"][0]


def test_a_follow_up_on_both_a_meeting_and_a_visit_is_a_400(api, staff):
    payload = {
        "title": "Write up",
        "due_date": "2025-03-01",
        "assignee": staff.pk,
        "meeting": MeetingFactory().pk,
        "visit": VisitFactory().pk,
    }

    response = api(staff).post(URL, payload, format="json")

    assert response.status_code == 400
    assert "visit" in response.json()
    assert not FollowUpAction.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "forgotten"), ("due_date", "soon"), ("assignee", 999999), ("title", "")],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api, staff, field, value):
    payload = {"title": "Write up", "due_date": "2025-03-01", "assignee": staff.pk, field: value}

    response = api(staff).post(URL, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not FollowUpAction.objects.exists()


def test_a_viewer_cannot_be_assigned_a_follow_up(api, staff, viewer):
    response = api(staff).post(
        URL, {"title": "x", "due_date": "2025-03-01", "assignee": viewer.pk}, format="json"
    )

    assert response.status_code == 400
    assert "assignee" in response.json()
    assert not FollowUpAction.objects.exists()

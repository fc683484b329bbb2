"""My follow-ups: open actions, overdue first, closed with one click."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import FollowUpAction
from tests.factories import FollowUpFactory


def test_lists_my_open_actions_overdue_first(web, staff, reference_data):
    today = timezone.localdate()
    FollowUpFactory(title="Later", assignee=staff, due_date=today + dt.timedelta(days=9))
    FollowUpFactory(title="Overdue", assignee=staff, due_date=today - dt.timedelta(days=2))
    FollowUpFactory(title="Someone else's", due_date=today)
    page = web(staff).get("/follow-ups/").content.decode()
    assert page.index("Overdue") < page.index("Later")
    assert "Someone else&#x27;s" not in page


def test_one_click_closes_an_action(web, staff, reference_data):
    action = FollowUpFactory(assignee=staff)
    response = web(staff).post(f"/follow-ups/{action.pk}/done/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == "done"
    assert action.closed_on == timezone.localdate()


def test_viewer_forged_close_is_refused(web, viewer, reference_data):
    action = FollowUpFactory()
    assert web(viewer).post(f"/follow-ups/{action.pk}/done/").status_code == 403
    assert FollowUpAction.objects.get().status == "open"

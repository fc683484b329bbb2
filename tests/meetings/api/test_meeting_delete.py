"""DELETE /api/v1/meetings/{id}/ goes through meeting_delete, as the page does: history keeps who."""

from __future__ import annotations

import pytest

from meetings.models import Meeting
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_staff_delete_a_meeting_and_its_history_names_them(api, staff, reference_data):
    meeting = MeetingFactory()
    assert api(staff).delete(f"/api/v1/meetings/{meeting.pk}/").status_code == 204
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    deleted = Meeting.history.filter(id=meeting.pk, history_type="-").get()
    assert deleted.history_user == staff


def test_a_viewer_cannot_delete_a_meeting(api, viewer, reference_data):
    meeting = MeetingFactory()
    assert api(viewer).delete(f"/api/v1/meetings/{meeting.pk}/").status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()

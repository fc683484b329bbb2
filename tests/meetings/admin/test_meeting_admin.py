"""The meeting admin shows the confidential notes: the admin is for staff only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting_page_shows_the_confidential_notes(admin_client, reference_data):
    meeting = MeetingFactory(notes="The minister hinted at a budget increase.")
    response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert "The minister hinted at a budget increase." in response.content.decode()


def test_a_viewer_account_cannot_open_the_admin(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

"""Database invariants of meetings: the database refuses the row, and nothing is written."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from meetings.models import Meeting
from tests.engagement.test_constraints import assert_refused
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting_children_count_is_never_negative(reference_data):
    assert_refused(Meeting, lambda: MeetingFactory(children_engaged=-1))


def test_meeting_children_count_cannot_be_updated_below_zero(reference_data):
    meeting = MeetingFactory(children_engaged=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(children_engaged=-3)
    meeting.refresh_from_db()
    assert meeting.children_engaged == 5

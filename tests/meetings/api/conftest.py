"""Fixtures of the meetings API tests: a meeting about Kenya."""

from __future__ import annotations

import pytest

from tests.factories import MeetingFactory, state


@pytest.fixture
def kenyan_meeting(reference_data):
    meeting = MeetingFactory(title="Kenya bilateral")
    meeting.member_states.set([state("KEN")])
    return meeting

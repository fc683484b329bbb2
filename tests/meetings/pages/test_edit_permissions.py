"""Who may open the meeting edit and delete pages and the follow-up forms: staff only."""

from __future__ import annotations

import pytest

from tests.factories import FollowUpFactory, MeetingFactory
from tests.fixtures.pages import assert_page_status, assert_sent_to_sign_in, page_cases

PAGES = {
    "meeting_edit": "/meetings/{meeting}/edit/",
    "meeting_delete": "/meetings/{meeting}/delete/",
    "follow_up_new": "/follow-ups/new/",
    "follow_up_new_on_meeting": "/follow-ups/new/?meeting={meeting}",
    "follow_up_edit": "/follow-ups/{follow_up}/edit/",
}
EXPECTED = {
    "staff": dict.fromkeys(PAGES, 200),
    "viewer": dict.fromkeys(PAGES, 403),
    "focal_ken": dict.fromkeys(PAGES, 403),
}


@pytest.fixture
def ids(reference_data):
    meeting = MeetingFactory()
    return {"meeting": meeting.pk, "follow_up": FollowUpFactory(meeting=meeting).pk}


@pytest.mark.parametrize(("role", "page", "status"), page_cases(EXPECTED))
def test_each_role_gets_the_status_the_table_says(request, web, ids, role, page, status):
    assert_page_status(request, web, PAGES[page].format(**ids), role, status)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_caller_is_sent_to_sign_in(web, ids, page):
    assert_sent_to_sign_in(web, PAGES[page].format(**ids))

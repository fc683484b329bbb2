"""Follow-up action due: its assignee the day before, and on the first overdue day."""

from __future__ import annotations

import datetime as dt

from meetings.choices import FollowUpStatus
from reminders.choices import ReminderRule
from tests.factories import FollowUpFactory, StaffFactory

DUE = dt.date(2025, 6, 12)
D = dt.timedelta
RULE = ReminderRule.FOLLOW_UP_DUE


def test_the_assignee_is_reminded_the_day_before_and_the_first_overdue_day_only(staff, calendar):
    FollowUpFactory(assignee=staff, due_date=DUE)
    assert calendar(DUE - D(10), DUE + D(10), rules=(RULE,)) == {
        DUE - D(1): {(RULE, "alice", "day_before")},
        DUE + D(1): {(RULE, "alice", "overdue")},
    }


def test_the_reminder_links_to_the_follow_ups_page(staff, sweep, mailoutbox, settings):
    action = FollowUpFactory(assignee=staff, due_date=DUE)
    sweep(DUE - D(1))
    [message] = [message for message in mailoutbox if message.extra_headers["X-Reminder-Rule"] == RULE]
    assert message.to == ["alice@example.org"]
    assert action.title in message.subject
    assert f"{settings.SITE_URL}/follow-ups/" in message.body


def test_closed_follow_ups_are_not_chased(staff, sweep):
    FollowUpFactory(assignee=staff, due_date=DUE, status=FollowUpStatus.DONE, closed_on=DUE - D(3))
    assert sweep(DUE - D(1)) == set()


def test_an_inactive_assignee_is_never_reminded(reference_data, sweep):
    FollowUpFactory(assignee=StaffFactory(username="left", is_active=False), due_date=DUE)
    assert sweep(DUE - D(1)) == set()

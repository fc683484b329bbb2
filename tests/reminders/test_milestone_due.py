"""Pathfinding milestones: focal points and staff, 60 days before the 18-month deadline and after it."""

from __future__ import annotations

import datetime as dt

from pledges.choices import Milestone
from pledges.models import AllianceMilestone
from reminders.choices import ReminderRule
from tests.factories import MembershipFactory, state

JOINED = dt.date(2024, 11, 8)
DUE = dt.date(2026, 5, 8)
D = dt.timedelta
RULE = ReminderRule.MILESTONE_DUE


def test_focal_points_and_staff_are_reminded_sixty_days_before_and_once_overdue(
    staff, focal_ken, focal_fji, calendar
):
    MembershipFactory(member_state=state("KEN"), joined_on=JOINED)
    assert calendar(DUE - D(70), DUE + D(10), rules=(RULE,)) == {
        DUE - D(60): {(RULE, "kamau", "before"), (RULE, "alice", "before")},
        DUE + D(1): {(RULE, "kamau", "overdue"), (RULE, "alice", "overdue")},
    }


def test_the_reminder_lists_the_milestones_not_reached_and_links_to_the_state(
    staff, sweep, mailoutbox, settings
):
    membership = MembershipFactory(member_state=state("KEN"), joined_on=JOINED)
    AllianceMilestone.objects.create(
        membership=membership, code=Milestone.FOCAL_POINT_APPOINTED, done_on=JOINED
    )
    sweep(DUE - D(60))
    [message] = mailoutbox
    assert "Costed national action plan adopted" in message.body
    assert "National focal point appointed" not in message.body
    assert f"{settings.SITE_URL}/states/KEN/" in message.body


def test_a_member_with_every_milestone_done_is_not_reminded(staff, sweep):
    membership = MembershipFactory(member_state=state("KEN"), joined_on=JOINED)
    for code in Milestone.values:
        AllianceMilestone.objects.create(membership=membership, code=code, done_on=JOINED)
    assert sweep(DUE - D(60)) == set()

"""Weekly digest: staff and focal points who did not opt out, on Mondays, what is overdue and due soon."""

from __future__ import annotations

import datetime as dt

import pytest

from reminders.choices import ReminderRule
from tests.factories import FocalPointFactory, PledgeFactory, state

MONDAY = dt.date(2025, 6, 2)
D = dt.timedelta
RULE = ReminderRule.WEEKLY_DIGEST


@pytest.fixture
def pledges(reference_data):
    return {
        "ken_overdue": PledgeFactory(
            member_state=state("KEN"), title="Kenya overdue", next_report_due=MONDAY - D(3)
        ),
        "fji_soon": PledgeFactory(
            member_state=state("FJI"), title="Fiji due soon", next_report_due=MONDAY + D(10)
        ),
    }


def test_staff_and_focal_points_with_work_get_the_digest_on_monday_only(
    pledges, staff, focal_ken, focal_fji, calendar
):
    assert calendar(MONDAY - D(4), MONDAY + D(6), rules=(RULE,)) == {
        MONDAY: {(RULE, "alice", ""), (RULE, "kamau", ""), (RULE, "fiona", "")}
    }


def test_a_focal_point_who_opted_out_gets_no_digest(pledges, focal_ken, sweep):
    focal_ken.weekly_digest = False
    focal_ken.save()
    assert (RULE, "kamau", "") not in sweep(MONDAY)


def test_inactive_focal_points_get_no_digest(pledges, sweep):
    FocalPointFactory(username="retired", member_state=state("KEN"), is_active=False)
    assert (RULE, "retired", "") not in sweep(MONDAY)


def test_a_focal_points_digest_lists_only_its_own_states_pledges(pledges, focal_ken, sweep, mailoutbox):
    sweep(MONDAY)
    [message] = [message for message in mailoutbox if message.to == ["kamau@example.org"]]
    assert "Kenya overdue" in message.body
    assert "Fiji due soon" not in message.body


def test_the_staff_digest_lists_every_state_and_the_staff_members_follow_ups(
    pledges, staff, sweep, mailoutbox
):
    sweep(MONDAY)
    [message] = mailoutbox
    assert "Kenya overdue" in message.body
    assert "Fiji due soon" in message.body
    assert "/follow-ups/" in message.body


def test_a_focal_point_with_nothing_due_gets_no_digest(pledges, sweep):
    FocalPointFactory(username="lena", member_state=state("LVA"))
    assert (RULE, "lena", "") not in sweep(MONDAY)

"""Pledge report due: focal points before, on the day, three times overdue, then an escalation to staff."""

from __future__ import annotations

import datetime as dt

import pytest

from pledges.choices import PledgeStatus
from reminders.choices import ReminderRule
from tests.factories import FocalPointFactory, PledgeFactory, StaffFactory, state

DUE = dt.date(2025, 5, 8)
D = dt.timedelta
REPORT = ReminderRule.PLEDGE_REPORT_DUE
ESCALATION = ReminderRule.PLEDGE_REPORT_ESCALATION


@pytest.fixture
def pledge(focal_ken, staff):
    return PledgeFactory(member_state=state("KEN"), next_report_due=DUE, responsible_staff=staff)


def test_focal_points_are_reminded_on_exactly_the_scheduled_days(pledge, calendar):
    assert calendar(DUE - D(30), DUE + D(80), rules=(REPORT, ESCALATION)) == {
        DUE - D(14): {(REPORT, "kamau", "before")},
        DUE: {(REPORT, "kamau", "due")},
        DUE + D(14): {(REPORT, "kamau", "overdue_1")},
        DUE + D(28): {(REPORT, "kamau", "overdue_2")},
        DUE + D(42): {(REPORT, "kamau", "overdue_3")},
        DUE + D(56): {(ESCALATION, "alice", "escalation")},
    }


def test_each_reminder_is_one_email_to_the_focal_point_with_the_report_link(
    pledge, sweep, mailoutbox, settings
):
    sweep(DUE)
    [message] = mailoutbox
    assert message.to == ["kamau@example.org"]
    assert f"{settings.SITE_URL}/pledges/{pledge.pk}/report/" in message.body
    assert pledge.title in message.subject


def test_focal_points_of_other_states_and_inactive_ones_never_hear_of_the_pledge(pledge, focal_fji, calendar):
    FocalPointFactory(username="retired", member_state=state("KEN"), is_active=False)
    recipients = {
        username
        for reasons in calendar(DUE - D(14), DUE + D(60), rules=(REPORT, ESCALATION)).values()
        for _, username, _ in reasons
    }
    assert recipients == {"kamau", "alice"}


def test_every_active_focal_point_of_the_state_is_reminded(pledge, sweep):
    FocalPointFactory(username="wanjiru", member_state=state("KEN"))
    assert sweep(DUE) == {(REPORT, "kamau", "due"), (REPORT, "wanjiru", "due")}


def test_a_focal_point_who_opted_out_of_the_digest_still_gets_due_date_reminders(pledge, focal_ken, sweep):
    focal_ken.weekly_digest = False
    focal_ken.save()
    assert sweep(DUE) == {(REPORT, "kamau", "due")}


def test_a_sweep_missed_for_two_days_catches_up_the_step_once(pledge, sweep):
    assert sweep(DUE + D(2)) == {(REPORT, "kamau", "due")}
    assert sweep(DUE + D(3)) == set()


def test_a_step_older_than_the_catch_up_window_is_not_sent(pledge, sweep):
    assert sweep(DUE + D(3)) == set()


def test_a_sweep_run_twice_on_the_same_day_records_each_reminder_once(pledge, sweep, mailoutbox):
    sweep(DUE)
    assert sweep(DUE) == set()
    assert len(mailoutbox) == 1


def test_escalation_without_a_responsible_staff_member_goes_to_every_active_staff_member(focal_ken, sweep):
    StaffFactory(username="bruno")
    StaffFactory(username="gone", is_active=False)
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE, responsible_staff=None)
    assert sweep(DUE + D(56)) == {(ESCALATION, "bruno", "escalation")}


def test_escalation_skips_an_inactive_responsible_staff_member(focal_ken, staff, sweep):
    inactive = StaffFactory(username="left", is_active=False)
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE, responsible_staff=inactive)
    assert sweep(DUE + D(56)) == {(ESCALATION, "alice", "escalation")}


@pytest.mark.parametrize("status", [PledgeStatus.ACHIEVED, PledgeStatus.WITHDRAWN])
def test_achieved_and_withdrawn_pledges_are_not_chased(focal_ken, sweep, status):
    PledgeFactory(member_state=state("KEN"), next_report_due=DUE, status=status, progress=100)
    assert sweep(DUE) == set()


def test_a_new_due_date_after_a_report_starts_a_new_cycle(pledge, sweep):
    sweep(DUE)
    pledge.next_report_due = DUE + D(14)
    pledge.save()
    assert sweep(DUE + D(14)) == {(REPORT, "kamau", "due")}

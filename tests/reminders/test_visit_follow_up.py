"""Visit follow-up: 90 days after a completed visit, its staff owner hears of the commitments welcomed."""

from __future__ import annotations

import datetime as dt

import pytest

from pledges.choices import PledgeOrigin
from reminders.choices import ReminderRule
from tests.factories import PledgeFactory, StaffFactory, VisitFactory
from visits.choices import VisitStatus

END = dt.date(2023, 5, 12)
FOLLOW_UP_DAY = END + dt.timedelta(days=90)
RULE = ReminderRule.VISIT_FOLLOW_UP


def test_the_owner_is_reminded_ninety_days_after_the_visit_ended_and_on_no_other_day(staff, calendar):
    VisitFactory(end_date=END, owner=staff)
    assert calendar(END, FOLLOW_UP_DAY + dt.timedelta(days=10), rules=(RULE,)) == {
        FOLLOW_UP_DAY: {(RULE, "alice", "")}
    }


def test_the_reminder_lists_the_commitments_welcomed_and_their_status(staff, sweep, mailoutbox, settings):
    visit = VisitFactory(end_date=END, owner=staff)
    PledgeFactory(visit=visit, origin=PledgeOrigin.COUNTRY_VISIT, title="Ban corporal punishment")
    sweep(FOLLOW_UP_DAY)
    [message] = mailoutbox
    assert "Ban corporal punishment: In progress (20%)" in message.body
    assert f"{settings.SITE_URL}/visits/{visit.pk}/" in message.body


@pytest.mark.parametrize("status", [VisitStatus.PLANNED, VisitStatus.CONFIRMED, VisitStatus.CANCELLED])
def test_visits_not_completed_get_no_follow_up_reminder(staff, sweep, status):
    VisitFactory(end_date=END, owner=staff, status=status)
    assert sweep(FOLLOW_UP_DAY) == set()


def test_a_visit_without_an_active_owner_reminds_every_active_staff_member(staff, sweep):
    VisitFactory(end_date=END, owner=StaffFactory(username="left", is_active=False))
    assert sweep(FOLLOW_UP_DAY) == {(RULE, "alice", "")}

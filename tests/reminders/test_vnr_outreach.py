"""VNR outreach: staff hear of next year's presenters without outreach once listed, and again in January."""

from __future__ import annotations

import datetime as dt

from reminders.choices import ReminderRule
from tests.factories import OrganizationFactory, StaffFactory, VnrFactory, state

RULE = ReminderRule.VNR_OUTREACH


def test_staff_hear_once_of_each_listed_presenter_without_outreach(
    staff, focal_ken, sweep, mailoutbox, settings
):
    StaffFactory(username="gone", is_active=False)
    VnrFactory(hlpf_year=2026, member_state=state("KEN"))
    VnrFactory(hlpf_year=2026, member_state=state("FJI"), outreach_sent=True)
    assert sweep(dt.date(2025, 3, 10)) == {(RULE, "alice", "listed")}
    assert sweep(dt.date(2025, 3, 11)) == set()
    [message] = mailoutbox
    assert "Kenya" in message.subject
    assert f"{settings.SITE_URL}/vnr/2026/" in message.body


def test_an_organization_presenting_is_listed_too(staff, sweep):
    VnrFactory(
        hlpf_year=2026, member_state=None, organization=OrganizationFactory(name="Union of Example States")
    )
    assert sweep(dt.date(2025, 3, 10)) == {(RULE, "alice", "listed")}


def test_presenters_of_other_years_are_not_listed(staff, sweep):
    VnrFactory(hlpf_year=2027, member_state=state("KEN"))
    VnrFactory(hlpf_year=2024, member_state=state("FJI"))
    assert sweep(dt.date(2025, 3, 10)) == set()


def test_january_nudges_staff_about_this_years_presenters_still_without_outreach(staff, sweep):
    VnrFactory(hlpf_year=2026, member_state=state("KEN"))
    sweep(dt.date(2025, 11, 3))
    assert sweep(dt.date(2026, 1, 5)) == {(RULE, "alice", "january")}
    assert sweep(dt.date(2026, 2, 2)) == set()

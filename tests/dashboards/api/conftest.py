"""A small, hand-countable year of records (2024, seen from 15 June 2025) for the dashboard tests.

Edge cases on purpose: records on 31 December and 1 January of the neighbouring years, a
cancelled visit, an internal pledge in each State, a VNR presenter that is an organization.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from engagement.models import MemberState
from meetings.choices import FollowUpStatus, MeetingKind
from pledges.choices import PledgeStatus, Visibility
from tests.factories import (
    EndorsementFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PledgeFactory,
    ProgressReportFactory,
    StaffFactory,
    VisitFactory,
    VnrFactory,
    state,
)
from visits.choices import VisitKind, VisitStatus

TODAY = dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _uncached_aggregates(settings):
    """Dashboard tests count and pin the queries of the uncached path; test_cache.py turns it back on."""
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def frozen_today():
    """Dashboards count "overdue" and "stale" against today: pin it to 15 June 2025."""
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def year_2024(reference_data, frozen_today):
    """The records of API.md's counting rules, around the year 2024."""
    ken, fji = state("KEN"), state("FJI")
    MeetingFactory(date=dt.date(2024, 1, 1), kind=MeetingKind.CONFERENCE, children_engaged=10)
    MeetingFactory(date=dt.date(2024, 12, 31), kind=MeetingKind.DIALOGUE_WITH_CHILDREN, children_engaged=100)
    MeetingFactory(date=dt.date(2023, 12, 31), children_engaged=1000)
    MeetingFactory(date=dt.date(2025, 1, 1))

    VisitFactory(
        member_state=ken, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 1, 3), children_met=40
    )
    VisitFactory(
        member_state=fji,
        start_date=dt.date(2024, 12, 31),
        end_date=dt.date(2025, 1, 2),
        kind=VisitKind.FOLLOW_UP,
        status=VisitStatus.CONFIRMED,
        children_met=5,
    )
    VisitFactory(
        member_state=ken,
        start_date=dt.date(2024, 6, 1),
        end_date=dt.date(2024, 6, 2),
        status=VisitStatus.CANCELLED,
        children_met=999,
    )
    VisitFactory(
        member_state=ken,
        start_date=dt.date(2023, 12, 31),
        end_date=dt.date(2024, 1, 1),
        kind=VisitKind.VIRTUAL,
        children_met=7,
    )

    VnrFactory(hlpf_year=2024, member_state=ken, outreach_sent=True, meeting_held=True)
    VnrFactory(
        hlpf_year=2024, member_state=None, organization=OrganizationFactory(acronym="EU"), outreach_sent=True
    )
    VnrFactory(hlpf_year=2023, member_state=fji, outreach_sent=True)

    EndorsementFactory(member_state=ken, endorsed_on=dt.date(2024, 11, 8))
    EndorsementFactory(member_state=fji, endorsed_on=dt.date(2023, 5, 1))
    MembershipFactory(member_state=ken, joined_on=dt.date(2024, 11, 8))
    MembershipFactory(member_state=fji, joined_on=dt.date(2025, 1, 1))

    return {
        # KEN, public, overdue by 38 days: one missed cycle, not stale.
        "ken_public": PledgeFactory(
            member_state=ken, made_on=dt.date(2024, 11, 8), next_report_due=dt.date(2025, 5, 8)
        ),
        "ken_internal": PledgeFactory(
            member_state=ken,
            made_on=dt.date(2024, 1, 1),
            visibility=Visibility.INTERNAL,
            status=PledgeStatus.ACHIEVED,
            progress=100,
            next_report_due=dt.date(2024, 6, 1),
            indicator="Share of districts with a child helpline",
        ),
        # FJI, internal, silent for 379 days: three missed 180-day cycles, stale.
        "fji_internal": PledgeFactory(
            member_state=fji,
            made_on=dt.date(2023, 12, 31),
            visibility=Visibility.INTERNAL,
            status=PledgeStatus.OFF_TRACK,
            next_report_due=dt.date(2024, 6, 1),
        ),
        "fji_public": PledgeFactory(
            member_state=fji,
            made_on=dt.date(2024, 12, 31),
            status=PledgeStatus.PLANNED,
            progress=0,
            next_report_due=dt.date(2025, 12, 1),
            indicator="Budget line for child protection",
        ),
    }


def grow_tenfold() -> None:
    """Ten times more rows of every kind, spread over States and months, for query-count tests."""
    states = list(MemberState.objects.exclude(iso3__in=["KEN", "FJI"]).order_by("iso3")[:40])
    # One author for every row: hashing a password per factory-made user would dominate the test.
    staff_member = StaffFactory(username="grower")
    for index, member_state in enumerate(states):
        day = dt.date(2024, index % 12 + 1, 10)
        if index < 20:
            MeetingFactory(date=day, kind=MeetingKind.CONFERENCE, children_engaged=1)
            VisitFactory(member_state=member_state, start_date=day, end_date=day)
            VnrFactory(hlpf_year=2024, member_state=member_state, outreach_sent=True)
            EndorsementFactory(member_state=member_state, endorsed_on=day)
            MembershipFactory(member_state=member_state, joined_on=day)
            FollowUpFactory(assignee=staff_member, due_date=day, status=FollowUpStatus.DONE, closed_on=day)
        pledge = PledgeFactory(member_state=member_state, made_on=day, next_report_due=day)
        ProgressReportFactory(
            pledge=pledge,
            author=staff_member,
            due_date=day,
            created_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        )

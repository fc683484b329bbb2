"""Every write service decides who may make it: a viewer or a focal point is refused, nothing written.

The API's role gate and the pages' `roles_required` answer first for callers they know; this
table calls the services directly, as an import, a task or a new page would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from engagement.models import MemberState, VnrEngagement
from engagement.services import (
    vnr_engagement_bulk_create,
    vnr_engagement_create,
    vnr_engagement_delete,
    vnr_engagement_update,
    vnr_stage_set,
)
from meetings.models import FollowUpAction, Meeting
from meetings.services import (
    follow_up_close,
    follow_up_create,
    follow_up_update,
    meeting_create,
    meeting_delete,
    meeting_update,
)
from pledges.models import AllianceMembership, AllianceMilestone, CtaEndorsement, Pledge
from pledges.services import (
    endorsement_create,
    endorsement_update,
    membership_create,
    membership_milestone_tick,
    membership_update,
    pledge_create,
    pledge_delete,
    pledge_publish,
    pledge_update,
)
from tests.factories import (
    EndorsementFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    PledgeFactory,
    VisitFactory,
    VnrFactory,
)
from visits.models import CountryVisit
from visits.services import visit_create, visit_delete, visit_transition, visit_update

DAY = dt.date(2025, 3, 3)
MILESTONE = "focal_point_appointed"


def ken() -> MemberState:
    return MemberState.objects.get(iso3="KEN")


def fji() -> MemberState:
    return MemberState.objects.get(iso3="FJI")


def nothing() -> None:
    return None


# service -> (make its subject, make the write as `by`, the rows the write would change)
WRITES: dict[str, tuple[Callable, Callable, Callable]] = {
    "vnr_engagement_create": (
        nothing,
        lambda _, by: vnr_engagement_create(hlpf_year=2025, member_state=ken(), by=by),
        lambda: list(VnrEngagement.objects.values()),
    ),
    "vnr_engagement_update": (
        VnrFactory,
        lambda row, by: vnr_engagement_update(engagement=row, data={"notes": "Edited"}, by=by),
        lambda: list(VnrEngagement.objects.values()),
    ),
    "vnr_engagement_delete": (
        VnrFactory,
        lambda row, by: vnr_engagement_delete(engagement=row, by=by),
        lambda: list(VnrEngagement.objects.values()),
    ),
    "vnr_engagement_bulk_create": (
        nothing,
        lambda _, by: vnr_engagement_bulk_create(hlpf_year=2025, codes=["KEN", "FJI"], by=by),
        lambda: list(VnrEngagement.objects.values()),
    ),
    "vnr_stage_set": (
        VnrFactory,
        lambda row, by: vnr_stage_set(engagement=row, stage="outreach_sent", done=True, by=by),
        lambda: list(VnrEngagement.objects.values()),
    ),
    "visit_create": (
        nothing,
        lambda _, by: visit_create(member_state=ken(), start_date=DAY, end_date=DAY, kind="official", by=by),
        lambda: list(CountryVisit.objects.values()),
    ),
    "visit_update": (
        VisitFactory,
        lambda row, by: visit_update(visit=row, data={"objectives": "Edited"}, by=by),
        lambda: list(CountryVisit.objects.values()),
    ),
    "visit_transition": (
        lambda: VisitFactory(status="planned", start_date=DAY, end_date=DAY),
        lambda row, by: visit_transition(visit=row, status="cancelled", by=by),
        lambda: list(CountryVisit.objects.values()),
    ),
    "visit_delete": (
        VisitFactory,
        lambda row, by: visit_delete(visit=row, by=by),
        lambda: list(CountryVisit.objects.values()),
    ),
    "meeting_create": (
        nothing,
        lambda _, by: meeting_create(
            by=by, date=DAY, title="Bilateral", kind="bilateral", mode="online", level="technical"
        ),
        lambda: list(Meeting.objects.values()),
    ),
    "meeting_update": (
        MeetingFactory,
        lambda row, by: meeting_update(meeting=row, data={"title": "Edited"}, by=by),
        lambda: list(Meeting.objects.values()),
    ),
    "meeting_delete": (
        MeetingFactory,
        lambda row, by: meeting_delete(meeting=row, by=by),
        lambda: list(Meeting.objects.values()),
    ),
    "follow_up_create": (
        nothing,
        lambda _, by: follow_up_create(title="Send the note", due_date=DAY, assignee=by, by=by),
        lambda: list(FollowUpAction.objects.values()),
    ),
    "follow_up_update": (
        FollowUpFactory,
        lambda row, by: follow_up_update(follow_up=row, data={"notes": "Edited"}, by=by),
        lambda: list(FollowUpAction.objects.values()),
    ),
    "follow_up_close": (
        FollowUpFactory,
        lambda row, by: follow_up_close(follow_up=row, by=by),
        lambda: list(FollowUpAction.objects.values()),
    ),
    "pledge_create": (
        nothing,
        lambda _, by: pledge_create(
            by=by, member_state=ken(), origin="other", title="New", area="services", made_on=DAY
        ),
        lambda: list(Pledge.objects.values()),
    ),
    "pledge_update": (
        PledgeFactory,
        lambda row, by: pledge_update(pledge=row, by=by, changes={"title": "Edited"}),
        lambda: list(Pledge.objects.values()),
    ),
    "pledge_delete": (
        PledgeFactory,
        lambda row, by: pledge_delete(pledge=row, by=by),
        lambda: list(Pledge.objects.values()),
    ),
    "pledge_publish": (
        lambda: PledgeFactory(visibility="internal"),
        lambda row, by: pledge_publish(pledge=row, by=by),
        lambda: list(Pledge.objects.values()),
    ),
    "endorsement_create": (
        nothing,
        lambda _, by: endorsement_create(
            by=by, member_state=ken(), endorsed_on=DAY, signatory_level="minister"
        ),
        lambda: list(CtaEndorsement.objects.values()),
    ),
    "endorsement_update": (
        EndorsementFactory,
        lambda row, by: endorsement_update(endorsement=row, data={"signatory": "Edited"}, by=by),
        lambda: list(CtaEndorsement.objects.values()),
    ),
    "membership_create": (
        nothing,
        lambda _, by: membership_create(by=by, member_state=ken(), joined_on=DAY),
        lambda: list(AllianceMembership.objects.values()),
    ),
    "membership_update": (
        MembershipFactory,
        lambda row, by: membership_update(membership=row, data={"notes": "Edited"}, by=by),
        lambda: list(AllianceMembership.objects.values()),
    ),
    "membership_milestone_tick of another State": (
        lambda: MembershipFactory(member_state=fji()),
        lambda row, by: membership_milestone_tick(membership=row, code=MILESTONE, done_on=DAY, by=by),
        lambda: list(AllianceMilestone.objects.values()),
    ),
}


@pytest.fixture(params=["viewer", "focal_ken"])
def refused(request):
    """A caller the services refuse: a viewer, and the focal point of Kenya."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("name", list(WRITES))
def test_service_refuses_a_caller_outside_its_rule_and_writes_nothing(name, refused):
    make, write, rows = WRITES[name]
    subject = make()
    before = rows()
    with pytest.raises(PermissionDenied):
        write(subject, refused)
    assert rows() == before


def test_focal_point_ticks_its_own_states_milestone(focal_ken):
    membership = MembershipFactory(member_state=ken())
    milestone = membership_milestone_tick(membership=membership, code=MILESTONE, done_on=DAY, by=focal_ken)
    assert milestone.done_on == DAY

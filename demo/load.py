"""The demo load: every demo module in order, in one transaction, idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from demo.accounts import DemoLogin, load_accounts
from demo.bogota import load_alliance, load_endorsements, load_peer_exchanges
from demo.common import DemoContext
from demo.followups import load_follow_ups
from demo.indicators import load_indicator_targets, load_indicator_values
from demo.meetings import load_meetings
from demo.pledges import link_discussed_pledges, load_pledges
from demo.reports import load_verifications
from demo.visits import load_visits
from demo.vnr import load_vnr
from engagement.models import MemberState, VnrEngagement
from engagement.services import reference_data_load
from meetings.models import Meeting
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport
from visits.models import CountryVisit


@dataclass
class DemoSummary:
    """What the load wrote (empty on a second run), the headline figures, and the demo logins."""

    logins: list[DemoLogin]
    written: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)


def _figures() -> dict[str, int]:
    return {
        "meetings": Meeting.objects.count(),
        "country visits": CountryVisit.objects.count(),
        "VNR engagements": VnrEngagement.objects.count(),
        "Call-to-Action endorsements": CtaEndorsement.objects.count(),
        "alliance members": AllianceMembership.objects.count(),
        "pledges": Pledge.objects.count(),
        "States with pledges": Pledge.objects.values("member_state").distinct().count(),
        "progress reports": ProgressReport.objects.count(),
    }


@transaction.atomic
def demo_data_load() -> DemoSummary:
    """Load the demo built from the office's public reports; a second run writes nothing."""
    if not MemberState.objects.exists():
        reference_data_load()
    ctx = DemoContext.build()
    users, logins = load_accounts(ctx)
    staff = users["staff"]
    visits = load_visits(ctx, staff)
    meetings = {(meeting.date, meeting.title): meeting for meeting in load_meetings(ctx, staff, visits)}
    load_vnr(ctx)
    load_endorsements(ctx)
    load_alliance(ctx)
    load_peer_exchanges(ctx)
    pledges = load_pledges(ctx, staff=staff, kenya=users["kenya"], visits=visits)
    link_discussed_pledges(meetings, pledges)
    load_verifications(ctx, staff)
    load_follow_ups(ctx, staff, {"meeting": meetings, "visit": visits, "pledge": pledges})
    load_indicator_targets(ctx)
    load_indicator_values(ctx)
    return DemoSummary(logins=logins, written=dict(sorted(ctx.written.items())), figures=_figures())

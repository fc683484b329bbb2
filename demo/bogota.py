"""Demo Bogota outcomes: Call-to-Action endorsements, the Pathfinding Alliance, peer exchanges."""

from __future__ import annotations

import datetime as dt

from demo.common import DEMO_TODAY, DemoContext
from pledges.choices import MembershipStatus, Milestone, NationalPlanStatus, SignatoryLevel
from pledges.models import AllianceMembership, AllianceMilestone, CtaEndorsement, PeerExchange

# 55 endorsements by January 2025; the first ones in the room in Bogota on 7-8 November 2024.
ENDORSERS = (
    "COL SWE BRA CHL MEX PER ECU PRY URY ARG CRI PAN GTM HND SLV DOM JAM ESP PRT FRA DEU FIN NOR ISL "
    "IRL LUX BEL NLD MLT ROU POL SVK BGR MNE MDA GEO ARM PHL IDN THA MNG NPL LKA FJI KEN ZMB LSO SEN "
    "CIV NGA GHA UGA TZA ZWE ETH"
).split()
LEVELS = (
    SignatoryLevel.MINISTERIAL,
    SignatoryLevel.MINISTERIAL,
    SignatoryLevel.AMBASSADOR,
    SignatoryLevel.SENIOR_OFFICIAL,
    SignatoryLevel.MINISTERIAL,
)
# Over 40 States joined or renewed their engagement from the launch on 8 November 2024.
ALLIANCE = (
    "SWE COL BRA PHL ZMB LSO KEN FJI MNG IDN JAM MEX PER PRY SLV CRI GEO ARM MNE MDA ROU MLT FIN ISL NPL "
    "LKA UGA TZA ZWE SLE NGA CIV SEN AGO ETH MDG MAR TUN JOR CAN JPN ZAF"
).split()
# Pathfinders of the former Global Partnership renewed their engagement rather than joined anew.
RENEWED = {"SWE", "COL", "PHL", "IDN", "JAM", "MEX", "PER", "PRY", "SLV", "MNG", "UGA", "TZA", "ZWE", "CAN"}
PLAN_CYCLE = (NationalPlanStatus.ADOPTED, NationalPlanStatus.IN_PREPARATION, NationalPlanStatus.NONE)
MILESTONE_ORDER = (
    Milestone.FOCAL_POINT_APPOINTED,
    Milestone.MULTISTAKEHOLDER_GROUP,
    Milestone.DATA_COLLECTED,
    Milestone.CHILDREN_CONSULTED,
    Milestone.COSTED_ACTION_PLAN,
)
MILESTONES_DONE = {
    NationalPlanStatus.ADOPTED: 5,
    NationalPlanStatus.IN_PREPARATION: 3,
    NationalPlanStatus.NONE: 1,
}
PEER_EXCHANGES = (
    (
        dt.date(2024, 4, 23),
        "Peer learning on investing in integrated child protection services",
        "BRA FJI ISL ZMB",
        "Officials compared how they assess the cost of violence and the return on integrated services.",
    ),
    (
        dt.date(2024, 5, 28),
        "Good practices shared at the High-level Conference on Children, Youth and Families",
        "AUT BEN BGR MLT POL ROU SVK",
        "Best practices on family support and de-institutionalization, hosted by Romania.",
    ),
)


def _endorsed_on(index: int) -> dt.date:
    if index < 30:
        return dt.date(2024, 11, 7)
    if index < 40:
        return dt.date(2024, 11, 8)
    # The rest signed over the following weeks, the last on 31 January 2025.
    return dt.date(2024, 11, 15) + dt.timedelta(days=(index - 40) * 77 // 14)


def load_endorsements(ctx: DemoContext) -> None:
    """One endorsement per State, keyed by State."""
    for index, iso3 in enumerate(ENDORSERS):
        level = SignatoryLevel.MINISTERIAL if iso3 in {"COL", "SWE"} else LEVELS[index % len(LEVELS)]
        ctx.upsert(
            CtaEndorsement,
            {"member_state": ctx.states[iso3]},
            {"endorsed_on": _endorsed_on(index), "signatory_level": level, "signatory": ""},
        )


def load_alliance(ctx: DemoContext) -> None:
    """Memberships keyed by State, and the milestones each has reached so far."""
    for index, iso3 in enumerate(ALLIANCE):
        joined_on = dt.date(2024, 11, 8) + dt.timedelta(days=0 if index < 25 else (index - 24) * 9)
        plan = PLAN_CYCLE[index % len(PLAN_CYCLE)]
        membership = ctx.upsert(
            AllianceMembership,
            {"member_state": ctx.states[iso3]},
            {
                "joined_on": joined_on,
                "status": MembershipStatus.RENEWED if iso3 in RENEWED else MembershipStatus.ACTIVE,
                "national_plan_status": plan,
                "focal_point": f"National focal point for ending violence against children, {iso3}",
            },
        )
        for step, code in enumerate(MILESTONE_ORDER[: MILESTONES_DONE[plan]]):
            done_on = min(joined_on + dt.timedelta(days=45 + step * 95 + index), DEMO_TODAY)
            ctx.upsert(AllianceMilestone, {"membership": membership, "code": code}, {"done_on": done_on})


def load_peer_exchanges(ctx: DemoContext) -> None:
    """The investment-case exchanges of 2024, keyed by date and title."""
    for date, title, states, summary in PEER_EXCHANGES:
        exchange = ctx.upsert(PeerExchange, {"date": date, "title": title}, {"summary": summary})
        ctx.set_links(exchange, "member_states", [ctx.states[iso3] for iso3 in states.split()])

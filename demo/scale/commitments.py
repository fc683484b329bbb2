"""Rows whose size the world caps, not N: endorsements, alliance members, VNR presenters, KPIs."""

from __future__ import annotations

import datetime as dt

from demo.scale.context import SeedContext
from demo.scale.plan import BOGOTA_DAYS, HISTORY_START, Draws
from demo.scale.writer import write_rows
from engagement.choices import IndicatorSource
from engagement.models import VNR_STAGES, Indicator, IndicatorValue, VnrEngagement
from pledges.choices import MembershipStatus, Milestone, NationalPlanStatus, SignatoryLevel
from pledges.models import AllianceMembership, AllianceMilestone, CtaEndorsement

ENDORSING_STATES = 55
ALLIANCE_STATES = 42
VNR_PRESENTERS = {2023: 38, 2024: 36, 2025: 37, 2026: 35}


def seed_commitments(context: SeedContext) -> dict[str, int]:
    """Endorsements, memberships with milestones, VNR engagements and monthly KPI values, once."""
    written: dict[str, int] = {}
    if not CtaEndorsement.objects.exists():
        written["cta_endorsements"] = _endorsements(context)
    if not AllianceMembership.objects.exists():
        written["alliance_memberships"] = _memberships(context)
    if not VnrEngagement.objects.exists():
        written["vnr_engagements"] = _vnr(context)
    if not IndicatorValue.objects.exists():
        written["indicator_values"] = _indicator_values(context)
    return written


def _endorsements(context: SeedContext) -> int:
    draws = Draws(context.plan.seed, "endorsements")
    states = draws.random.sample(context.state_ids, ENDORSING_STATES)
    levels = list(SignatoryLevel.values)
    end = BOGOTA_DAYS[1] + dt.timedelta(days=90)
    rows = ((state, draws.date_between(BOGOTA_DAYS[0], end), draws.random.choice(levels)) for state in states)
    return write_rows(CtaEndorsement, ["member_state_id", "endorsed_on", "signatory_level"], rows, now=None)


def _memberships(context: SeedContext) -> int:
    draws = Draws(context.plan.seed, "alliance")
    states = draws.random.sample(context.state_ids, ALLIANCE_STATES)
    memberships = AllianceMembership.objects.bulk_create(
        [
            AllianceMembership(
                member_state_id=state,
                joined_on=draws.date_between(BOGOTA_DAYS[1], BOGOTA_DAYS[1] + dt.timedelta(days=240)),
                status=draws.weighted({MembershipStatus.ACTIVE: 80, MembershipStatus.RENEWED: 20}, 1)[0],
                national_plan_status=draws.random.choice(NationalPlanStatus.values),
            )
            for state in states
        ]
    )
    as_of = context.plan.as_of
    milestones = []
    for membership in memberships:
        for code in Milestone.values:
            done = draws.date_between(membership.joined_on, as_of) if draws.random.random() < 0.5 else None
            milestones.append(AllianceMilestone(membership=membership, code=code, done_on=done))
    AllianceMilestone.objects.bulk_create(milestones, batch_size=1000)
    return len(memberships)


def _vnr(context: SeedContext) -> int:
    draws = Draws(context.plan.seed, "vnr")

    def rows():
        for year, presenters in VNR_PRESENTERS.items():
            for state in draws.random.sample(context.state_ids, presenters):
                reached = draws.random.random() < 0.9
                stages = [
                    reached and draws.random.random() < chance for chance in (1, 0.8, 0.85, 0.5, 0.6, 0.4)
                ]
                yield (year, state, *stages)

    return write_rows(
        VnrEngagement, ["hlpf_year", "member_state_id", *VNR_STAGES], rows(), now=context.plan.now
    )


def _indicator_values(context: SeedContext) -> int:
    draws = Draws(context.plan.seed, "indicators")
    manual = Indicator.objects.filter(source=IndicatorSource.MANUAL).order_by("code")
    rows = []
    for indicator in manual.values_list("pk", "yearly_target", named=True):
        month = HISTORY_START
        while month <= context.plan.as_of:
            value = int(indicator.yearly_target / 12 * draws.random.uniform(0.5, 1.5))
            rows.append((indicator.pk, month, value))
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return write_rows(IndicatorValue, ["indicator_id", "month", "value"], rows, now=None)

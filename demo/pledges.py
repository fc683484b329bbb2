"""Demo pledges: about 120 Bogota commitments from over 100 States and the milestones followed by name."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from demo.common import DemoContext
from demo.pledges_data import NAMED_PLEDGES, TEMPLATES, NamedPledge
from demo.reports import ReportContext, draw_reports, load_reports, pledge_state
from engagement.models import User
from pledges.choices import PledgeOrigin, Visibility
from pledges.models import Pledge
from visits.models import CountryVisit

BOGOTA_STATES = 104  # States with a drawn Bogota pledge, besides Kenya's named ones
SECOND_PLEDGES = 8  # of them, how many made two
INTERVALS = (180, 180, 180, 90, 365)


def _bogota_pledges(ctx: DemoContext, rng: random.Random) -> list[NamedPledge]:
    """Draw the Bogota pledges: one per State, two for a few, always the same ones (seeded)."""
    pool = sorted(iso3 for iso3, state in ctx.states.items() if state.is_un_member and iso3 != "KEN")
    chosen = ["COL", "SWE", "FJI"]
    chosen += rng.sample([iso3 for iso3 in pool if iso3 not in chosen], BOGOTA_STATES - len(chosen))
    pledges = []
    for index, iso3 in enumerate(chosen):
        for template in rng.sample(TEMPLATES, 2 if index < SECOND_PLEDGES else 1):
            made_on = dt.date(2024, 11, 7 + rng.randint(0, 1))
            interval = rng.choice(INTERVALS)
            measurable = rng.random() < 0.8
            pledges.append(
                NamedPledge(
                    iso3=iso3,
                    title=template.title,
                    area=template.area,
                    origin=PledgeOrigin.BOGOTA_2024,
                    made_on=made_on,
                    target_date=dt.date(rng.randint(2025, 2030), *rng.choice(((6, 30), (12, 31)))),
                    indicator=template.indicator if measurable else "",
                    responsible_body=template.responsible_body if measurable or rng.random() < 0.5 else "",
                    reports=draw_reports(rng, made_on=made_on, interval=interval),
                    visibility=Visibility.PUBLIC if rng.random() < 0.85 else Visibility.INTERNAL,
                    interval=interval,
                    sdg_targets=template.sdg_targets,
                    tags=template.tags,
                    baseline=template.baseline if measurable else "",
                    budget=(rng.randrange(50_000, 5_000_000, 10_000), rng.choice(("USD", "USD", "EUR")))
                    if rng.random() < 0.3
                    else None,
                )
            )
    return pledges


def _strategy_terms(ctx: DemoContext, codes: tuple[str, ...]) -> list:
    vocabularies = ("strategic_objective", "intervention", "priority_context", "operational_objective")
    return [ctx.terms[(vocabulary, code)] for code in codes for vocabulary in vocabularies
            if (vocabulary, code) in ctx.terms]  # fmt: skip


def _upsert_pledge(ctx: DemoContext, row: NamedPledge, *, staff: User, visit: CountryVisit | None) -> Pledge:
    amount, currency = row.budget or (None, "")
    pledge = ctx.upsert(
        Pledge,
        {"member_state": ctx.states[row.iso3], "title": row.title},
        {
            "origin": row.origin,
            "visit": visit,
            "made_on": row.made_on,
            "description": f"{row.title}. Commitment made by {ctx.states[row.iso3].name}.",
            "area": row.area,
            "target_date": row.target_date,
            "visibility": row.visibility,
            "reporting_interval_days": row.interval,
            "responsible_staff": staff,
            "indicator": row.indicator,
            "baseline": row.baseline,
            "responsible_body": row.responsible_body,
            "budget_committed": amount is not None,
            "budget_amount": Decimal(amount) if amount is not None else None,
            "budget_currency": currency,
            **pledge_state(made_on=row.made_on, interval=row.interval, reports=row.reports),
        },
    )
    ctx.set_links(pledge, "sdg_targets", ctx.term_list("sdg_target", row.sdg_targets))
    ctx.set_links(pledge, "strategy_tags", _strategy_terms(ctx, row.tags))
    return pledge


def load_pledges(
    ctx: DemoContext, *, staff: User, kenya: User, visits: dict[tuple[str, int], CountryVisit]
) -> dict[tuple[str, str], Pledge]:
    """Create or update every demo pledge (keyed by State and title) and append its reports."""
    rng = random.Random(1107)  # noqa: S311 - reproducible demo data, not a secret
    pledges = {}
    for row in [*NAMED_PLEDGES, *_bogota_pledges(ctx, rng)]:
        visit = visits[(row.iso3, row.visit_year)] if row.visit_year else None
        pledge = _upsert_pledge(ctx, row, staff=staff, visit=visit)
        author = kenya if row.iso3 == "KEN" else staff
        load_reports(ctx, ReportContext(pledge, author, row.made_on, row.interval), row.reports)
        pledges[(row.iso3, row.title)] = pledge
    return pledges


# Meetings where a named pledge was discussed: (meeting date, meeting title) -> (State, pledge title).
DISCUSSED = (
    ((dt.date(2023, 5, 16), "Meeting with the Cabinet Secretary for Labour and Social Protection of Kenya"),
     ("KEN", "Accelerate the end of FGM and child marriage in hotspot counties")),
    ((dt.date(2023, 10, 10), "Meeting with the Minister of Social Development and Human Security of Thailand"),  # noqa: E501
     ("THA", "Withdraw the reservation to article 22 of the Convention on the Rights of the Child")),
    ((dt.date(2024, 5, 28), "High-level Conference on Children, Youth and Families (Romania)"),
     ("ROU", "Establish a budget allocation and expenditure tracking mechanism for child protection")),
)  # fmt: skip


def link_discussed_pledges(meetings: dict, pledges: dict) -> None:
    """Record which meetings discussed which pledges (adding a link twice is a no-op)."""
    for meeting_key, pledge_key in DISCUSSED:
        meetings[meeting_key].pledges.add(pledges[pledge_key])

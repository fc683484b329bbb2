"""Scale rows for pledges and their append-only progress reports, with on-time and overdue cycles."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from demo.scale.context import SeedContext
from demo.scale.plan import BOGOTA_DAYS, HISTORY_START, OVERDUE_SHARE, Draws, zipf_weights
from demo.scale.writer import reserve_ids, write_links, write_rows
from meetings.models import Meeting
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus, Visibility
from pledges.models import MEASURABILITY_FIELDS, Pledge, ProgressReport
from visits.choices import VisitStatus

ORIGINS = {PledgeOrigin.BOGOTA_2024: 60, PledgeOrigin.OTHER: 30, PledgeOrigin.COUNTRY_VISIT: 10}
AREAS = {
    PledgeArea.POLICY_AND_PLANS: 25,
    PledgeArea.LEGISLATION: 20,
    PledgeArea.SERVICES: 20,
    PledgeArea.DATA_AND_EVIDENCE: 12,
    PledgeArea.FINANCING: 10,
    PledgeArea.CHILD_PARTICIPATION: 8,
    PledgeArea.OTHER: 5,
}
INTERVALS = {90: 20, 180: 60, 365: 20}
FINAL_STATUS = {PledgeStatus.IN_PROGRESS: 75, PledgeStatus.OFF_TRACK: 20, PledgeStatus.WITHDRAWN: 5}
PLEDGE_COLUMNS = [
    "id",
    "member_state_id",
    "origin",
    "visit_id",
    "made_on",
    "title",
    "description",
    "area",
    "target_date",
    "status",
    "progress",
    "visibility",
    "reporting_interval_days",
    "last_reported_at",
    "next_report_due",
    "responsible_staff_id",
    *MEASURABILITY_FIELDS,
]
REPORT_COLUMNS = [
    "pledge_id",
    "status",
    "progress",
    "narrative",
    "evidence_url",
    "author_id",
    "due_date",
    "created_at",
]


@dataclass
class PledgeDraft:
    """One pledge before it is written: its fields, then the reports that set its status."""

    pk: int
    state: int
    origin: str
    visit: int | None
    made_on: dt.date
    interval: int
    reports: list[tuple] = field(default_factory=list)


def _drafts(context: SeedContext, draws: Draws, first: int) -> list[PledgeDraft]:
    plan = context.plan
    count = plan.count("pledges")
    states = draws.random.choices(context.state_ids, weights=zipf_weights(len(context.state_ids)), k=count)
    origins = draws.weighted(ORIGINS, count)
    intervals = draws.weighted(INTERVALS, count)
    past_visits = [
        pk
        for pk in context.visit_ids
        if context.visit_starts[pk] < plan.as_of and context.visit_status[pk] == VisitStatus.COMPLETED
    ]
    drafts = []
    for offset in range(count):
        origin, visit, state = origins[offset], None, states[offset]
        if origin == PledgeOrigin.BOGOTA_2024:
            made_on = draws.random.choice(BOGOTA_DAYS)
        elif origin == PledgeOrigin.COUNTRY_VISIT and past_visits:
            visit = draws.random.choice(past_visits)
            state, made_on = context.visit_states[visit], context.visit_starts[visit]
        else:
            origin, made_on = PledgeOrigin.OTHER, draws.date_between(HISTORY_START, plan.as_of)
        drafts.append(PledgeDraft(first + offset, state, origin, visit, made_on, intervals[offset]))
    return drafts


def _last_report_day(draft: PledgeDraft, draws: Draws, as_of: dt.date) -> dt.date:
    """Most pledges reported within their cycle; OVERDUE_SHARE missed the current one."""
    if draws.random.random() < OVERDUE_SHARE:
        day = as_of - dt.timedelta(days=draft.interval + draws.random.randint(1, 90))
    else:
        day = as_of - dt.timedelta(days=draws.random.randint(0, draft.interval - 1))
    return min(max(day, draft.made_on), as_of)


def _add_reports(context: SeedContext, draft: PledgeDraft, count: int, draws: Draws) -> None:
    last_day = _last_report_day(draft, draws, context.plan.as_of)
    span = (last_day - draft.made_on).days
    headroom = draws.random.randint(0, 3)
    final = draws.weighted(FINAL_STATUS, 1)[0]
    authors = context.focal_points.get(draft.state) or [(context.staff_ids[0], "")]
    previous = draft.made_on
    for number in range(1, count + 1):
        day = draft.made_on + dt.timedelta(days=span * number // count)
        progress = min(100, 100 * number // (count + headroom))
        status = PledgeStatus.IN_PROGRESS
        if progress == 100:
            status = PledgeStatus.ACHIEVED
        elif number == count:
            status = final
        moment = dt.datetime.combine(day, dt.time(draws.random.randint(6, 18), draws.random.randint(0, 59)))
        author = draws.random.choice(authors)[0] if draws.random.random() < 0.8 else context.staff_ids[0]
        evidence = f"https://evidence.example.org/{draft.pk}/{number}" if draws.random.random() < 0.4 else ""
        narrative = f"Report {number} on pledge {draft.pk}: {progress}% done."
        due = previous + dt.timedelta(days=draft.interval)
        draft.reports.append(
            (draft.pk, status, progress, narrative, evidence, author, due, moment.replace(tzinfo=dt.UTC))
        )
        previous = day


def _pledge_row(draft: PledgeDraft, context: SeedContext, draws: Draws) -> tuple:
    if draft.reports:
        _, status, progress, *_, last_at = draft.reports[-1]
        final = status in (PledgeStatus.ACHIEVED, PledgeStatus.WITHDRAWN)
        next_due = None if final else last_at.date() + dt.timedelta(days=draft.interval)
    else:
        status, progress, last_at = PledgeStatus.PLANNED, 0, None
        next_due = draft.made_on + dt.timedelta(days=draft.interval)
    area = draws.weighted(AREAS, 1)[0]
    visibility = Visibility.PUBLIC if draws.random.random() < 0.8 else Visibility.INTERNAL
    target = draft.made_on + dt.timedelta(days=draws.random.randint(365, 5 * 365))
    measurable = draws.random.random() < 0.6
    budget = draws.random.random() < 0.4
    amount = Decimal(draws.random.randint(10, 5000) * 1000) if budget else None
    return (
        draft.pk,
        draft.state,
        draft.origin,
        draft.visit,
        draft.made_on,
        f"{area.label} commitment {draft.pk}",
        f"Commitment {draft.pk} on {area.label.lower()} to end violence against children.",
        area,
        target if draws.random.random() < 0.9 else None,
        status,
        progress,
        visibility,
        draft.interval,
        last_at,
        next_due,
        draws.random.choice(context.staff_ids),
        f"Indicator for pledge {draft.pk}" if measurable else "",
        "Baseline survey 2023" if measurable else "",
        "Ministry of Social Affairs" if measurable else "",
        budget,
        amount,
        "USD" if budget else "",
    )


def seed_pledges(context: SeedContext) -> tuple[int, int]:
    """Pledges of Zipf-weighted States with their reports; returns (pledges, reports) written."""
    plan = context.plan
    draws = Draws(plan.seed, "pledges")
    first = reserve_ids(Pledge, plan.count("pledges"))
    drafts = _drafts(context, draws, first)
    context.pledge_ids = range(first, first + len(drafts))
    # Older pledges have had more cycles, so they get more of the reports.
    spans = [max((plan.as_of - draft.made_on).days, 0) + 1 for draft in drafts]
    per_pledge = Counter(draws.random.choices(range(len(drafts)), weights=spans, k=plan.count("reports")))
    for index, draft in enumerate(drafts):
        if per_pledge[index]:
            _add_reports(context, draft, per_pledge[index], draws)
    pledges = write_rows(
        Pledge, PLEDGE_COLUMNS, (_pledge_row(d, context, draws) for d in drafts), now=plan.now
    )
    reports = write_rows(
        ProgressReport, REPORT_COLUMNS, (row for draft in drafts for row in draft.reports), now=plan.now
    )
    context.pledge_cycles = [(d.pk, d.state, [row[6] for row in d.reports]) for d in drafts]
    _link_pledges(context, draws)
    return pledges, reports


def _link_pledges(context: SeedContext, draws: Draws) -> None:
    """SDG targets (16.2 on most) and the meetings where a tenth of the pledges were discussed."""
    from engagement.choices import Vocabulary
    from engagement.models import Term

    targets = context.terms[Vocabulary.SDG_TARGET]
    central = Term.objects.filter(vocabulary=Vocabulary.SDG_TARGET, code="16.2").values_list("pk", flat=True)
    central_id = central.first()

    def sdg_links():
        for pk in context.pledge_ids:
            chosen = set(draws.sample(targets, 0, 2))
            if central_id and draws.random.random() < 0.7:
                chosen.add(central_id)
            for term in sorted(chosen):
                yield pk, term

    write_links(Pledge.sdg_targets.through, "pledge", "term", sdg_links())
    discussed = draws.random.sample(list(context.pledge_ids), len(context.pledge_ids) // 10)
    if context.meeting_ids:
        links = sorted({(draws.random.choice(context.meeting_ids), pk) for pk in discussed})
        write_links(Meeting.pledges.through, "meeting", "pledge", links)

"""Demo progress reports: drawn report histories, the pledge state they imply, and verifications."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from demo.common import DEMO_TODAY, DemoContext, at_noon
from demo.pledges_data import ReportRow
from engagement.models import User
from pledges.choices import FINAL_STATUSES, PledgeStatus, Verdict
from pledges.models import Pledge, ProgressReport, ReportVerification
from pledges.services import pledges_verification_refresh

REPORT_COUNT_WEIGHTS = {0: 12, 1: 30, 2: 30, 3: 18, 4: 10}
ON_TIME_SHARE = 0.6
REPORTS_FROM = dt.date(2025, 1, 1)  # the first reporting cycle after Bogota
NARRATIVES = {
    PledgeStatus.IN_PROGRESS: "Implementation is under way: {progress}% of the planned steps are done.",
    PledgeStatus.OFF_TRACK: "Funding and staffing delays; the timeline is being revised ({progress}%).",
    PledgeStatus.ACHIEVED: "The commitment is fulfilled; evidence is attached.",
}


def draw_reports(rng: random.Random, *, made_on: dt.date, interval: int) -> tuple[ReportRow, ...]:
    """1-4 reports (or none), one per cycle, drawn back from the demo's today.

    Most States reported within their last cycle (not overdue); the others stopped a while ago.
    """
    count = rng.choices(list(REPORT_COUNT_WEIGHTS), weights=list(REPORT_COUNT_WEIGHTS.values()))[0]
    on_time = rng.random() < ON_TIME_SHARE
    lag = rng.randint(10, interval - 5) if on_time else rng.randint(interval + 15, interval + 200)
    last = DEMO_TODAY - dt.timedelta(days=lag)
    days = [last - dt.timedelta(days=interval * step + rng.randint(0, 15)) for step in range(count)]
    rows: list[ReportRow] = []
    progress = 0
    first_possible = max(made_on + dt.timedelta(days=20), REPORTS_FROM)
    for day in sorted(day for day in days if day >= first_possible):
        progress = min(100, progress + rng.randint(10, 40))
        if progress == 100:
            status = PledgeStatus.ACHIEVED
        elif rng.random() < 0.15:
            status = PledgeStatus.OFF_TRACK
        else:
            status = PledgeStatus.IN_PROGRESS
        rows.append(ReportRow(day, status, progress, NARRATIVES[status].format(progress=progress)))
        if status in FINAL_STATUSES:
            break
    return tuple(rows)


def pledge_state(*, made_on: dt.date, interval: int, reports: tuple[ReportRow, ...]) -> dict:
    """Status, progress and report dates as the latest report leaves them (none: planned, due a cycle on)."""
    if not reports:
        return {
            "status": PledgeStatus.PLANNED,
            "progress": 0,
            "last_reported_at": None,
            "next_report_due": made_on + dt.timedelta(days=interval),
        }
    latest = reports[-1]
    return {
        "status": latest.status,
        "progress": latest.progress,
        "last_reported_at": at_noon(latest.day),
        "next_report_due": latest.day + dt.timedelta(days=interval),
    }


@dataclass(frozen=True)
class ReportContext:
    """What a pledge's reports need besides their rows: who writes them and the report cycle."""

    pledge: Pledge
    author: User
    made_on: dt.date
    interval: int


def load_reports(ctx: DemoContext, report_ctx: ReportContext, rows: tuple[ReportRow, ...]) -> None:
    """Append each report once, keyed by pledge and timestamp; reports are never updated."""
    due = report_ctx.made_on + dt.timedelta(days=report_ctx.interval)
    for row in rows:
        ctx.insert_once(
            ProgressReport,
            {"pledge": report_ctx.pledge, "created_at": at_noon(row.day)},
            {
                "status": row.status,
                "progress": row.progress,
                "narrative": row.narrative,
                "author": report_ctx.author,
                "due_date": due,
            },
        )
        due = row.day + dt.timedelta(days=report_ctx.interval)


def load_verifications(ctx: DemoContext, staff: User) -> None:
    """One verified report (Lesotho) and one disputed Kenyan report, each written once; their
    pledges' stored verification written from them, as `report_verify` does."""
    cases = (
        ("LSO", Verdict.VERIFIED, "Consistent with the ministry's published district reports."),
        ("KEN", Verdict.DISPUTED, "The county figures do not match the Council of Governors' report; please "
         "send the list of counties with an anti-FGM board."),
    )  # fmt: skip
    judged = []
    for iso3, verdict, note in cases:
        report = (
            ProgressReport.objects.filter(
                pledge__member_state__iso3=iso3, pledge__origin__in=("other", "country_visit")
            )
            .order_by("created_at")
            .first()
        )
        ctx.insert_once(
            ReportVerification,
            {"report": report, "verdict": verdict},
            {"note": note, "verified_by": staff, "created_at": report.created_at + dt.timedelta(days=10)},
        )
        judged.append(report.pledge_id)
    pledges_verification_refresh(pledges=Pledge.objects.filter(pk__in=judged))

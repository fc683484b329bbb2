"""Aggregates the dashboards share: one SQL aggregate per kind of record, scoped to the caller.

Each function runs exactly one query (none when the caller's scope is empty) and returns plain
dicts whose keys are the API's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, Sum, TextChoices, Value
from django.db.models.functions import Coalesce

from engagement.models import VNR_STAGES, VnrEngagement
from meetings.choices import MeetingKind
from meetings.models import Meeting
from pledges.choices import FINAL_STATUSES, MembershipStatus, PledgeStatus
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from pledges.selectors import pledges_with_missed_cycles, stale_condition
from visits.choices import VisitKind, VisitStatus
from visits.models import CountryVisit


def count_rows(condition: Q | None = None) -> Count:
    """`COUNT(*)`, or `COUNT(1) FILTER (WHERE condition)`: the rows, never a column of them.

    `COUNT(id)` makes PostgreSQL read the column of every row for every aggregate, which
    doubled the time of the dashboards' GROUP BY over 50,000 pledges.
    """
    return Count("*") if condition is None else Count(Value(1), filter=condition)


def count_per_choice(field: str, choices: type[TextChoices], prefix: str) -> dict[str, Count]:
    """`Count` aggregates, one per choice value, named `<prefix><value>`."""
    return {f"{prefix}{value}": count_rows(Q(**{field: value})) for value in choices.values}


def unprefix(figures: dict[str, Any], prefix: str, choices: type[TextChoices]) -> dict[str, int]:
    """The per-choice counts of `count_per_choice`, keyed by the bare choice value."""
    return {value: figures[f"{prefix}{value}"] for value in choices.values}


def open_pledge_q() -> Q:
    """Pledges still expected to report: neither achieved nor withdrawn."""
    return ~Q(status__in=FINAL_STATUSES)


def overdue_pledge_q(today: dt.date) -> Q:
    """Open pledges whose next report is past due (the same rule as `PledgeQuerySet.overdue`)."""
    return open_pledge_q() & Q(next_report_due__lt=today)


def meeting_figures(*, user, year: int) -> dict[str, Any]:
    """The year's meetings: total, per kind, and the children engaged in them."""
    figures = (
        Meeting.objects.visible_to(user)
        .filter(date__year=year)
        .aggregate(
            total=count_rows(),
            children=Coalesce(Sum("children_engaged"), 0),
            **count_per_choice("kind", MeetingKind, "kind_"),
        )
    )
    return {
        "total": figures["total"],
        "by_kind": unprefix(figures, "kind_", MeetingKind),
        "children_engaged": figures["children"] or 0,
    }


def visit_figures(*, user, year: int) -> dict[str, Any]:
    """The year's visits by start date, cancelled ones left out: total, per kind, children met."""
    figures = (
        CountryVisit.objects.visible_to(user)
        .filter(start_date__year=year)
        .exclude(status=VisitStatus.CANCELLED)
        .aggregate(
            total=count_rows(),
            children=Coalesce(Sum("children_met"), 0),
            **count_per_choice("kind", VisitKind, "kind_"),
        )
    )
    return {
        "total": figures["total"],
        **unprefix(figures, "kind_", VisitKind),
        "children_met": figures["children"] or 0,
    }


def vnr_figures(*, user, year: int) -> dict[str, Any]:
    """The HLPF year's VNR presenters and how many reached each engagement stage."""
    figures = (
        VnrEngagement.objects.visible_to(user)
        .filter(hlpf_year=year)
        .aggregate(
            presenters=count_rows(),
            **{stage: count_rows(Q(**{stage: True})) for stage in VNR_STAGES},
        )
    )
    return {"presenters": figures["presenters"], "stages": {stage: figures[stage] for stage in VNR_STAGES}}


def endorsement_figures(*, user, year: int) -> dict[str, int]:
    """Call-to-Action endorsements made in the year, and all of them to date."""
    return CtaEndorsement.objects.visible_to(user).aggregate(
        in_year=count_rows(Q(endorsed_on__year=year)),
        total=count_rows(),
    )


def alliance_figures(*, user, year: int) -> dict[str, int]:
    """Alliance members who joined in the year, all members, and those still active."""
    return AllianceMembership.objects.visible_to(user).aggregate(
        joined=count_rows(Q(joined_on__year=year)),
        total=count_rows(),
        active=count_rows(~Q(status=MembershipStatus.INACTIVE)),
    )


def pledge_figures(*, user, year: int, today: dt.date) -> dict[str, Any]:
    """The caller's visible pledges: made in the year, current status, and reporting health."""
    figures = (
        pledges_with_missed_cycles(Pledge.objects.visible_to(user), today)
        .order_by()
        .aggregate(
            total=count_rows(),
            made=count_rows(Q(made_on__year=year)),
            overdue_reports=count_rows(overdue_pledge_q(today)),
            stale=count_rows(stale_condition()),
            without_indicator=count_rows(Q(indicator="")),
            **count_per_choice("status", PledgeStatus, "status_"),
        )
    )
    return {
        "made": figures["made"],
        "total": figures["total"],
        "by_status": unprefix(figures, "status_", PledgeStatus),
        "overdue_reports": figures["overdue_reports"],
        "stale": figures["stale"],
        "without_indicator": figures["without_indicator"],
    }

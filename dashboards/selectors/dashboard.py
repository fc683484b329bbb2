"""The dashboard's figures: the year at a glance, and pledges counted by status per group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Max, TextChoices

from dashboards.selectors.cache import cached_aggregate, caller_scope
from dashboards.selectors.counting import (
    alliance_figures,
    count_per_choice,
    count_rows,
    endorsement_figures,
    meeting_figures,
    pledge_figures,
    unprefix,
    visit_figures,
    vnr_figures,
)
from engagement.models import VnrEngagement
from meetings.models import Meeting
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from visits.choices import VisitStatus
from visits.models import CountryVisit

# group_by value -> (field giving the group's code, field giving its name, or the choices naming it)
PLEDGE_GROUPINGS: dict[str, tuple[str, str | type[TextChoices]]] = {
    "region": ("member_state__region__m49", "member_state__region__name"),
    "member_state": ("member_state__iso3", "member_state__name"),
    "area": ("area", PledgeArea),
    "origin": ("origin", PledgeOrigin),
}


def dashboard_summary(*, user, year: int, today: dt.date) -> dict[str, Any]:
    """The year's counts across every record the caller may see (six aggregate queries at most, cached)."""
    return cached_aggregate(
        ("dashboard_summary", caller_scope(user), year, today),
        lambda: _count_summary(user=user, year=year, today=today),
    )


def _count_summary(*, user, year: int, today: dt.date) -> dict[str, Any]:
    meetings = meeting_figures(user=user, year=year)
    visits = visit_figures(user=user, year=year)
    endorsements = endorsement_figures(user=user, year=year)
    return {
        "year": year,
        "meetings": {"total": meetings["total"], "by_kind": meetings["by_kind"]},
        "visits": {key: value for key, value in visits.items() if key != "children_met"},
        "children_engaged": meetings["children_engaged"] + visits["children_met"],
        "vnr": vnr_figures(user=user, year=year),
        "cta_endorsements": {"in_year": endorsements["in_year"], "total": endorsements["total"]},
        "alliance": alliance_figures(user=user, year=year),
        "pledges": pledge_figures(user=user, year=year, today=today),
    }


def latest_year_with_records(*, user, up_to: int) -> int | None:
    """The latest year up to `up_to` in which the caller can see a dated record; None if none.

    The records the dashboard counts by year: meetings, visits (not cancelled), pledges made,
    endorsements, Alliance members joining and VNR presenters. Six aggregates, cached.
    """

    def latest() -> int | None:
        dated = [
            (Meeting.objects.visible_to(user), "date"),
            (CountryVisit.objects.visible_to(user).exclude(status=VisitStatus.CANCELLED), "start_date"),
            (Pledge.objects.visible_to(user), "made_on"),
            (CtaEndorsement.objects.visible_to(user), "endorsed_on"),
            (AllianceMembership.objects.visible_to(user), "joined_on"),
        ]
        years = [
            queryset.filter(**{f"{field}__year__lte": up_to}).order_by().aggregate(last=Max(field))["last"]
            for queryset, field in dated
        ]
        years = [day.year for day in years if day is not None]
        vnr = (
            VnrEngagement.objects.visible_to(user)
            .filter(hlpf_year__lte=up_to)
            .aggregate(last=Max("hlpf_year"))
        )
        if vnr["last"] is not None:
            years.append(vnr["last"])
        return max(years, default=None)

    return cached_aggregate(("latest_year_with_records", caller_scope(user), up_to), latest)


def pledge_breakdown(*, user, group_by: str) -> dict[str, Any]:
    """Visible pledges counted by status per region, area, origin or State (one GROUP BY query).

    Only groups with at least one visible pledge appear; a focal point's breakdown therefore
    never reveals that another State has internal pledges. Cached.
    """
    return cached_aggregate(
        ("pledge_breakdown", caller_scope(user), group_by),
        lambda: _count_breakdown(user=user, group_by=group_by),
    )


def _count_breakdown(*, user, group_by: str) -> dict[str, Any]:
    code_field, naming = PLEDGE_GROUPINGS[group_by]
    group_values = {"group": F(code_field)}
    if isinstance(naming, str):
        group_values["name"] = F(naming)
    rows = (
        Pledge.objects.visible_to(user)
        .order_by()
        .values(**group_values)
        .annotate(total=count_rows(), **count_per_choice("status", PledgeStatus, "status_"))
        .order_by("group")
    )
    results = [_breakdown_row(row, naming) for row in rows]
    totals = {status: sum(row[status] for row in results) for status in PledgeStatus.values}
    totals["total"] = sum(row["total"] for row in results)
    return {"group_by": group_by, "results": results, "totals": totals}


def _breakdown_row(row: dict[str, Any], naming: str | type[TextChoices]) -> dict[str, Any]:
    name = row["name"] if isinstance(naming, str) else str(naming(row["group"]).label)
    return {
        "group": row["group"],
        "name": name,
        **unprefix(row, "status_", PledgeStatus),
        "total": row["total"],
    }

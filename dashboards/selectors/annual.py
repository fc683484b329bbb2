"""The annual "Key Achievements" report: the year's figures and the lists of States behind them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf

from dashboards.selectors.cache import cached_aggregate, caller_scope
from dashboards.selectors.counting import (
    count_per_choice,
    count_rows,
    meeting_figures,
    unprefix,
    visit_figures,
)
from engagement.models import VnrEngagement
from pledges.choices import PledgeStatus
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from visits.choices import VisitStatus
from visits.models import CountryVisit


def annual_report(*, user, year: int) -> dict[str, Any]:
    """Counts of the records dated in `year` (API.md, "The annual report"), in eight queries.

    Meetings by `date`, visits by `start_date` (cancelled ones excluded), VNR engagements by
    `hlpf_year`, endorsements by `endorsed_on`, alliance members by `joined_on`, pledges by
    `made_on`; lists of States are sorted ISO3 codes. Cached.
    """
    return cached_aggregate(
        ("annual_report", caller_scope(user), year), lambda: _count_year(user=user, year=year)
    )


def _count_year(*, user, year: int) -> dict[str, Any]:
    meetings = meeting_figures(user=user, year=year)
    visits = visit_figures(user=user, year=year)
    endorsing_states = _sorted_iso3(CtaEndorsement.objects.visible_to(user).filter(endorsed_on__year=year))
    joining_states = _sorted_iso3(AllianceMembership.objects.visible_to(user).filter(joined_on__year=year))
    return {
        "year": year,
        "meetings": {
            "total": meetings["total"],
            "by_kind": meetings["by_kind"],
            "conferences": meetings["by_kind"]["conference"],
            "dialogues_with_children": meetings["by_kind"]["dialogue_with_children"],
        },
        "children_engaged": meetings["children_engaged"] + visits["children_met"],
        "visits": {
            "total": visits["total"],
            "official": visits["official"],
            "follow_up": visits["follow_up"],
            "virtual": visits["virtual"],
            "children_met": visits["children_met"],
            "member_states": _sorted_iso3(
                CountryVisit.objects.visible_to(user)
                .filter(start_date__year=year)
                .exclude(status=VisitStatus.CANCELLED)
            ),
        },
        "vnr": _vnr_section(user=user, year=year),
        "cta_endorsements": {"total": len(endorsing_states), "member_states": endorsing_states},
        "alliance": {"joined": len(joining_states), "member_states": joining_states},
        "pledges": _pledge_section(user=user, year=year),
    }


def _sorted_iso3(queryset) -> list[str]:
    """The distinct ISO3 codes of the States a queryset's rows belong to, sorted."""
    return list(
        queryset.order_by("member_state__iso3").values_list("member_state__iso3", flat=True).distinct()
    )


def _vnr_section(*, user, year: int) -> dict[str, Any]:
    engagements = VnrEngagement.objects.visible_to(user).filter(hlpf_year=year)
    figures = engagements.aggregate(
        presenters=count_rows(),
        outreach_sent=count_rows(Q(outreach_sent=True)),
        meetings_held=count_rows(Q(meeting_held=True)),
        vac_in_report=count_rows(Q(vac_in_report=True)),
        children_involved=count_rows(Q(children_involved=True)),
    )
    # A presenter is a State (ISO3) or an organization (its acronym, else its name), e.g. the EU.
    presenters = engagements.annotate(
        presenter=Coalesce(
            "member_state__iso3", NullIf("organization__acronym", Value("")), "organization__name"
        )
    )
    figures["presenters_list"] = list(presenters.order_by("presenter").values_list("presenter", flat=True))
    return figures


def _pledge_section(*, user, year: int) -> dict[str, Any]:
    figures = (
        Pledge.objects.visible_to(user)
        .filter(made_on__year=year)
        .order_by()
        .aggregate(made=count_rows(), **count_per_choice("status", PledgeStatus, "status_"))
    )
    return {"made": figures["made"], "by_status": unprefix(figures, "status_", PledgeStatus)}

"""The public dashboard's figures (/public/): public records only, filtered by region, area, status and year.

Every figure reads `visible_to(PUBLIC)`, so an internal pledge is in no count, chart, table, CSV
or map. Which filters a figure follows is part of its definition (`PublicChartTable.follows`),
and the page says so beside each chart:

- the pledge charts and the map's pledge figures follow all four; their year is the year the
  pledge was made;
- the Call-to-Action and Alliance growth, and the map's "endorsed" and "member" flags, follow the
  region and the year: everything up to the end of that year (an endorsement has no area or status);
- the reporting rates follow the region, the area and the year, the year the reports fell due
  (every year to date when none is chosen). They ignore the status: a pledge's status is today's,
  not the one it had when its report was due.

Each figure is a few aggregate queries, cached under the public scope and the filters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, astuple, dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from dashboards.selectors.cache import cached_aggregate, caller_scope
from dashboards.selectors.charts import NOW, YEAR, ChartTable
from dashboards.selectors.counting import count_rows
from dashboards.selectors.reporting import reporting_rates_among
from engagement.models import MemberState
from engagement.names import collation_key, region_name, state_name
from engagement.roles import PUBLIC
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus
from pledges.models import AllianceMembership, CtaEndorsement, Pledge

REGION, AREA, STATUS, YEAR_FILTER = "region", "area", "status", "year"
PLEDGE_FILTERS = (REGION, AREA, STATUS, YEAR_FILTER)
GROWTH_FILTERS = (REGION, YEAR_FILTER)
REPORTING_FILTERS = (REGION, AREA, YEAR_FILTER)

FILTER_NAMES = {
    REGION: _("region"),
    AREA: _("commitment area"),
    STATUS: _("status"),
    YEAR_FILTER: _("year"),
}

SCOPE = caller_scope(PUBLIC)


@dataclass(frozen=True)
class PublicFilters:
    """The public dashboard's filters: a top-level region's M49 code, an area, a status, a year."""

    region: str = ""
    area: str = ""
    status: str = ""
    year: int | None = None

    def key(self) -> tuple:
        return astuple(self)

    def query(self) -> str:
        """The filters as a query string (for the CSV links), empty when none is chosen."""
        return urlencode({name: value for name, value in asdict(self).items() if value not in ("", None)})

    def any(self) -> bool:
        return any(value not in ("", None) for value in astuple(self))


@dataclass
class PublicChartTable(ChartTable):
    """A `ChartTable` of the public dashboard: how to draw it and which filters it follows."""

    kind: str = "bar"  # how public_dashboard.js draws it: bar, stacked, horizontal, line, percent, map
    follows: tuple[str, ...] = PLEDGE_FILTERS
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "kind": self.kind, "unit": self.unit}

    def follows_names(self) -> list[str]:
        return [str(FILTER_NAMES[name]) for name in self.follows]


def public_pledges(filters: PublicFilters) -> QuerySet:
    """Public pledges that match all four filters (the year is the year the pledge was made)."""
    pledges = _narrowed(Pledge.objects.visible_to(PUBLIC), filters, (REGION, AREA, STATUS))
    return pledges.filter(made_on__year=filters.year) if filters.year else pledges


def _narrowed(pledges: QuerySet, filters: PublicFilters, follows: tuple[str, ...]) -> QuerySet:
    if REGION in follows and filters.region:
        pledges = pledges.filter(member_state__region__m49=filters.region)
    if AREA in follows and filters.area:
        pledges = pledges.filter(area=filters.area)
    if STATUS in follows and filters.status:
        pledges = pledges.filter(status=filters.status)
    return pledges


def _state_records(queryset: QuerySet, date_field: str, filters: PublicFilters) -> QuerySet:
    """Endorsements or memberships in the region, up to the end of the year."""
    queryset = queryset.visible_to(PUBLIC)
    if filters.region:
        queryset = queryset.filter(member_state__region__m49=filters.region)
    if filters.year:
        queryset = queryset.filter(**{f"{date_field}__year__lte": filters.year})
    return queryset


def public_first_year() -> int | None:
    """The year the earliest public pledge was made; None without one (one query, cached)."""

    def first() -> int | None:
        made = Pledge.objects.visible_to(PUBLIC).aggregate(first=Min("made_on"))["first"]
        return None if made is None else made.year

    return cached_aggregate(("public_first_year", SCOPE), first)


def pledge_groups(filters: PublicFilters) -> list[dict[str, Any]]:
    """Public pledges counted per region, area, origin and status, with their progress sums
    (one GROUP BY query, cached): every pledge chart is pivoted from these rows."""

    def count() -> list[dict[str, Any]]:
        verified = Q(verified_progress__isnull=False)
        rows = (
            public_pledges(filters)
            .order_by()
            .values(
                "area",
                "origin",
                "status",
                region=F("member_state__region__m49"),
                region_name=F("member_state__region__name"),
            )
            .annotate(
                pledges=count_rows(),
                progress_sum=Sum("progress"),
                verified=count_rows(verified),
                verified_sum=Sum("verified_progress", filter=verified),
                verified_self_sum=Sum("progress", filter=verified),
            )
        )
        return list(rows)

    return cached_aggregate(("public_pledge_groups", SCOPE, filters.key()), count)


FIGURES = ("pledges", "progress_sum", "verified", "verified_sum", "verified_self_sum")


def _summed(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The rows' pledges per status and their figures, summed (zero where none)."""
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        total[row["status"]] += row["pledges"]
        for figure in FIGURES:
            total[figure] += row[figure] or 0
    return total


def _per(groups: list[dict[str, Any]], key: str) -> dict[str, dict[str, int]]:
    """`_summed` per value of `key`; a value without rows reads as zeros."""
    rows_by_value: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in groups:
        rows_by_value[row[key]].append(row)
    per_value: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_value.update((value, _summed(rows)) for value, rows in rows_by_value.items())
    return per_value


def _average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def status_chart(groups: list[dict[str, Any]]) -> PublicChartTable:
    """Public pledges by their current status."""
    per_status = _per(groups, "status")
    return PublicChartTable(
        id="chart-public-status",
        slug="status",
        title=_("Public pledges by status"),
        scope=NOW,
        label_heading=_("Status"),
        series=[_("Public pledges")],
        rows=[(label, [per_status[value]["pledges"]]) for value, label in PledgeStatus.choices],
    )


# slug -> title and label heading of the pledge breakdowns, each split by status
BREAKDOWNS = {
    "region": (_("Public pledges by region"), _("Region")),
    "area": (_("Public pledges by commitment area"), _("Commitment area")),
    "origin": (_("Public pledges by origin"), _("Origin")),
}


def breakdown_chart(groups: list[dict[str, Any]], slug: str) -> PublicChartTable:
    """Public pledges by region (named and ordered in the page's language), commitment area or
    origin (in their choices' order), each split by status; only groups with a pledge."""
    title, heading = BREAKDOWNS[slug]
    per_value = _per(groups, slug)
    if slug == "region":
        names = {row["region"]: _region_label(row["region"], row["region_name"]) for row in groups}
        labelled = sorted(((names[code], code) for code in per_value), key=lambda row: collation_key(row[0]))
    else:
        choices = {"area": PledgeArea, "origin": PledgeOrigin}[slug]
        labelled = [(label, value) for value, label in choices.choices if value in per_value]
    return PublicChartTable(
        id=f"chart-public-{slug}",
        slug=slug,
        title=title,
        scope=NOW,
        label_heading=heading,
        series=[label for _value, label in PledgeStatus.choices],
        kind="stacked",
        rows=[
            (label, [per_value[value][status] for status in PledgeStatus.values]) for label, value in labelled
        ],
    )


def _region_label(m49: str, name: str) -> str:
    return region_name(SimpleNamespace(m49=m49, name=name))


def progress_chart(groups: list[dict[str, Any]]) -> PublicChartTable:
    """Self-reported against verified progress per commitment area, and over all areas.

    The verified average is over the pledges with a verified report; beside it, the self-reported
    average of those same pledges, so the gap compares like with like.
    """
    per_area = _per(groups, "area")
    everything = _summed(groups)

    def averages(totals: dict[str, Any]) -> list[float | None]:
        return [
            _average(totals["progress_sum"], totals["pledges"]),
            _average(totals["verified_self_sum"], totals["verified"]),
            _average(totals["verified_sum"], totals["verified"]),
        ]

    rows = [(label, averages(per_area[value])) for value, label in PledgeArea.choices if value in per_area]
    if rows:
        rows.insert(0, (_("All areas"), averages(everything)))
    return PublicChartTable(
        id="chart-public-progress",
        slug="progress",
        title=_("Self-reported and verified progress"),
        scope=NOW,
        label_heading=_("Commitment area"),
        series=[
            _("Self-reported progress, all pledges (average %)"),
            _("Self-reported progress, verified pledges (average %)"),
            _("Verified progress (average %)"),
        ],
        unit="%",
        kind="horizontal",
        note=_(
            "Verified progress is the Office's check of a State's report. Only pledges with a "
            "verified report have it; their own self-reported average is shown beside it."
        ),
        rows=rows,
    )


def state_figures(filters: PublicFilters) -> list[dict[str, Any]]:
    """Every Member State with its public pledges (all four filters), its most frequent status,
    and whether it had endorsed the Call to Action and joined the Alliance (region and year):
    the map's data (four queries, cached)."""

    def count() -> list[dict[str, Any]]:
        per_state: dict[str, dict[str, int]] = defaultdict(dict)
        rows = (
            public_pledges(filters)
            .order_by()
            .values("status", iso3=F("member_state__iso3"))
            .annotate(pledges=count_rows())
        )
        for row in rows:
            per_state[row["iso3"]][row["status"]] = row["pledges"]
        endorsed = set(
            _state_records(CtaEndorsement.objects, "endorsed_on", filters).values_list(
                "member_state__iso3", flat=True
            )
        )
        members = set(
            _state_records(AllianceMembership.objects, "joined_on", filters).values_list(
                "member_state__iso3", flat=True
            )
        )
        states = MemberState.objects.visible_to(PUBLIC).only("iso3", "m49", "name")
        return [
            {
                "iso3": state.iso3,
                "m49": state.m49,
                "name": state_name(state),
                "pledges": sum(per_state[state.iso3].values()) if state.iso3 in per_state else 0,
                "status": _most_frequent(per_state.get(state.iso3, {})),
                "endorsed": state.iso3 in endorsed,
                "member": state.iso3 in members,
            }
            for state in states
        ]

    return cached_aggregate(("public_state_figures", SCOPE, filters.key()), count)


def _most_frequent(counts: dict[str, int]) -> str | None:
    """The status most of the pledges have; on a tie, the first in PledgeStatus order."""
    if not counts:
        return None
    return max(
        PledgeStatus.values, key=lambda status: (counts.get(status, 0), -PledgeStatus.values.index(status))
    )


def states_chart(states: list[dict[str, Any]]) -> PublicChartTable:
    """The map as a table: each State with a figure, named and ordered in the page's language,
    its ISO 3166 code first (the page links each State to its public page by it)."""
    yes, no = _("Yes"), _("No")
    shown = [state for state in states if state["pledges"] or state["endorsed"] or state["member"]]
    return PublicChartTable(
        id="chart-public-states",
        slug="states",
        title=_("Member States: public pledges, Call to Action and Alliance"),
        scope=NOW,
        label_heading=_("Member State"),
        series=[
            _("ISO 3166 code"),
            _("Public pledges"),
            _("Most frequent status"),
            _("Endorsed the Call to Action"),
            _("Pathfinding Alliance member"),
        ],
        kind="map",
        note=_(
            "Public pledges and their most frequent status follow every filter; the Call to Action "
            "and the Alliance follow the region and the year (to the end of that year)."
        ),
        rows=[
            (
                state["name"],
                [
                    state["iso3"],
                    state["pledges"],
                    PledgeStatus(state["status"]).label if state["status"] else None,
                    yes if state["endorsed"] else no,
                    yes if state["member"] else no,
                ],
            )
            for state in sorted(shown, key=lambda state: collation_key(state["name"]))
        ],
    )


def growth(filters: PublicFilters) -> list[tuple[dt.date, int, int]]:
    """Call-to-Action endorsements and Alliance members to date at the end of each month either
    grew, in the region, up to the end of the year (two queries, cached)."""

    def count() -> list[tuple[dt.date, int, int]]:
        joined: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
        for index, (model, date_field) in enumerate(
            ((CtaEndorsement, "endorsed_on"), (AllianceMembership, "joined_on"))
        ):
            rows = (
                _state_records(model.objects, date_field, filters)
                .order_by()
                .annotate(month=TruncMonth(date_field))
                .values("month")
                .annotate(joined=count_rows())
            )
            for row in rows:
                joined[row["month"]][index] += row["joined"]
        endorsements = members = 0
        series = []
        for month in sorted(joined):
            endorsements += joined[month][0]
            members += joined[month][1]
            series.append((month, endorsements, members))
        return series

    return cached_aggregate(("public_growth", SCOPE, filters.region, filters.year), count)


def growth_chart(series: list[tuple[dt.date, int, int]], filters: PublicFilters) -> PublicChartTable:
    """The Call to Action's endorsements and the Pathfinding Alliance's members over time."""
    title = _("Call to Action endorsements and Pathfinding Alliance members over time")
    if filters.year:
        title = _("Call to Action endorsements and Pathfinding Alliance members to the end of %(year)s") % {
            "year": filters.year
        }
    return PublicChartTable(
        id="chart-public-growth",
        slug="growth",
        title=title,
        scope=YEAR if filters.year else NOW,
        label_heading=_("Month"),
        series=[_("States that endorsed the Call to Action"), _("Pathfinding Alliance members")],
        kind="line",
        follows=GROWTH_FILTERS,
        rows=[
            (formats.date_format(month, "YEAR_MONTH_FORMAT"), [endorsements, members])
            for month, endorsements, members in series
        ],
    )


def reporting(filters: PublicFilters, today: dt.date) -> dict[str, Any]:
    """Public pledges' reports due, received and received on time per region, in the region and
    area, for the reports due in the year (every year to date without one): two queries, cached."""
    return cached_aggregate(
        ("public_reporting_rates", SCOPE, filters.region, filters.area, filters.year, today),
        lambda: reporting_rates_among(
            user=PUBLIC,
            pledges=_narrowed(Pledge.objects.with_readable_reports(PUBLIC), filters, REPORTING_FILTERS),
            year=filters.year,
            group_by="region",
            today=today,
        ),
    )


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def reporting_chart(rates: dict[str, Any], filters: PublicFilters) -> PublicChartTable:
    """Share of the public pledges' due reports received, and received on time, per region."""
    rows = [
        (
            _region_label(group["group"], group["name"]),
            [_percent(group["reporting_rate"]), _percent(group["on_time_rate"])],
        )
        for group in rates["results"]
    ]
    title = _("Reporting and on-time rates by region")
    if filters.year:
        title = _("Reporting and on-time rates by region, reports due in %(year)s") % {"year": filters.year}
    return PublicChartTable(
        id="chart-public-reporting",
        slug="reporting",
        title=title,
        scope=YEAR if filters.year else NOW,
        label_heading=_("Region"),
        series=[_("Reports received (%)"), _("Received on time (%)")],
        unit="%",
        kind="percent",
        follows=REPORTING_FILTERS,
        note=_(
            "Of the reports due on public pledges (in the year they fell due, when a year is "
            "chosen), the share received, and the share received by the date it was due."
        ),
        rows=sorted(rows, key=lambda row: collation_key(row[0])),
    )


def public_dashboard_figures(*, filters: PublicFilters, today: dt.date) -> dict[str, Any]:
    """Everything /public/ shows: key figures, the charts in page order, the map's States."""
    groups = pledge_groups(filters)
    states = state_figures(filters)
    totals = _summed(groups)
    charts = [
        status_chart(groups),
        *(breakdown_chart(groups, slug) for slug in BREAKDOWNS),
        progress_chart(groups),
        growth_chart(growth(filters), filters),
        reporting_chart(reporting(filters, today), filters),
    ]
    return {
        "figures": {
            "pledges": totals["pledges"],
            "verified": totals["verified"],
            "states_pledging": sum(1 for state in states if state["pledges"]),
            "endorsed": sum(1 for state in states if state["endorsed"]),
            "members": sum(1 for state in states if state["member"]),
        },
        "charts": charts,
        "states": states,
        "states_table": states_chart(states),
    }


def public_chart(*, slug: str, filters: PublicFilters, today: dt.date) -> PublicChartTable | None:
    """One chart of /public/ by its slug (the map's table is `states`); None for no such chart."""
    if slug not in PUBLIC_CHART_SLUGS:
        return None
    shown = public_dashboard_figures(filters=filters, today=today)
    return next(chart for chart in (*shown["charts"], shown["states_table"]) if chart.slug == slug)


PUBLIC_CHART_SLUGS = ("status", "region", "area", "origin", "progress", "growth", "reporting", "states")

"""The dashboard's charts as tables: the figures each chart draws, its table shows and its CSV holds.

One source for the three, so a chart, its "Show as table" and its download can never disagree.
Each table says whether it follows the chosen year or counts everything to date ("now").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from dashboards.selectors.cache import cached_aggregate, caller_scope
from dashboards.selectors.counting import count_rows
from dashboards.selectors.dashboard import pledge_breakdown
from dashboards.selectors.kpis import kpi_rows
from dashboards.selectors.reporting import reporting_rates
from engagement.models import VNR_STAGES, VnrEngagement
from pledges.choices import PledgeStatus
from pledges.models import AllianceMembership

YEAR, NOW = "year", "now"


@dataclass
class ChartTable:
    """One chart's figures: a row per label, a column per series (None where nothing applies)."""

    id: str
    slug: str
    title: str
    scope: str  # YEAR or NOW
    label_heading: str
    series: list[str]
    rows: list[tuple[str, list[Any]]] = field(default_factory=list)
    unit: str = ""  # "%" for rates

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "series": [str(name) for name in self.series],
            "labels": [str(label) for label, _values in self.rows],
            "values": [values for _label, values in self.rows],
        }

    def csv_rows(self) -> list[list[Any]]:
        """Header then one row per label: what the CSV download holds."""
        header = [str(self.label_heading), *(str(name) for name in self.series)]
        return [
            header,
            *([str(label), *("" if v is None else v for v in values)] for label, values in self.rows),
        ]


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def monthly_chart(*, user, year: int) -> ChartTable:
    """Meetings and children engaged in each month of the year."""
    rows = kpi_rows(user=user, first_month=dt.date(year, 1, 1), last_month=dt.date(year, 12, 1))
    by_month: dict[str, dict[str, Any]] = {}
    for row in rows:
        by_month.setdefault(row["month"], {})[row["indicator"]] = row["value"]
    table = ChartTable(
        id="chart-monthly",
        slug="monthly",
        title=_("Meetings and children engaged per month"),
        scope=YEAR,
        label_heading=_("Month"),
        series=[_("Meetings"), _("Children engaged")],
    )
    for month in sorted(by_month):
        day = dt.date.fromisoformat(f"{month}-01")
        values = by_month[month]
        label = formats.date_format(day, "YEAR_MONTH_FORMAT")
        table.rows.append((label, [values.get("meetings") or 0, values.get("children_engaged") or 0]))
    return table


def pledges_chart(*, user) -> ChartTable:
    """Every visible pledge by its current status, per region."""
    breakdown = pledge_breakdown(user=user, group_by="region")
    return ChartTable(
        id="chart-pledges",
        slug="pledges",
        title=_("Pledges by status per region"),
        scope=NOW,
        label_heading=_("Region"),
        series=[label for _value, label in PledgeStatus.choices],
        rows=[
            (group["name"], [group[status] for status in PledgeStatus.values])
            for group in sorted(breakdown["results"], key=lambda group: str(group["name"]))
        ],
    )


def vnr_chart(*, summary: dict[str, Any], year: int) -> ChartTable:
    """VNR presenters of the year's HLPF who reached each engagement stage."""
    stages = summary["vnr"]["stages"]
    return ChartTable(
        id="chart-vnr",
        slug="vnr",
        title=_("VNR stages reached, HLPF %(year)s") % {"year": year},
        scope=YEAR,
        label_heading=_("Stage"),
        series=[_("Presenters")],
        rows=[
            (VnrEngagement._meta.get_field(stage).verbose_name, [stages.get(stage, 0)])
            for stage in VNR_STAGES
        ],
    )


def reporting_chart(*, user, year: int, today: dt.date) -> ChartTable:
    """Share of the year's due pledge reports received, and received on time, per region."""
    rates = reporting_rates(user=user, year=year, group_by="region", today=today)
    return ChartTable(
        id="chart-reporting",
        slug="reporting",
        title=_("Pledge reporting rates per region, %(year)s") % {"year": year},
        scope=YEAR,
        label_heading=_("Region"),
        series=[_("Reports received (%)"), _("Received on time (%)")],
        unit="%",
        rows=[
            (group["name"], [_percent(group["reporting_rate"]), _percent(group["on_time_rate"])])
            for group in sorted(rates["results"], key=lambda group: str(group["name"]))
        ],
    )


def alliance_growth(*, user) -> list[tuple[dt.date, int]]:
    """Alliance members to date at the end of each month someone joined (one query, cached)."""

    def count() -> list[tuple[dt.date, int]]:
        joined = (
            AllianceMembership.objects.visible_to(user)
            .order_by()
            .annotate(month=TruncMonth("joined_on"))
            .values("month")
            .annotate(joined=count_rows())
            .order_by("month")
        )
        total, growth = 0, []
        for row in joined:
            total += row["joined"]
            growth.append((row["month"], total))
        return growth

    return cached_aggregate(("alliance_growth", caller_scope(user)), count)


def alliance_chart(*, user) -> ChartTable:
    """The Pathfinding Alliance's members over time, to date."""
    return ChartTable(
        id="chart-alliance",
        slug="alliance",
        title=_("Pathfinding Alliance growth"),
        scope=NOW,
        label_heading=_("Month"),
        series=[_("Alliance members")],
        rows=[
            (formats.date_format(month, "YEAR_MONTH_FORMAT"), [total])
            for month, total in alliance_growth(user=user)
        ],
    )


def dashboard_charts(*, user, year: int, today: dt.date, summary: dict[str, Any]) -> list[ChartTable]:
    """Every chart of the dashboard, in page order."""
    return [
        monthly_chart(user=user, year=year),
        pledges_chart(user=user),
        vnr_chart(summary=summary, year=year),
        reporting_chart(user=user, year=year, today=today),
        alliance_chart(user=user),
    ]


CHART_SLUGS = ("monthly", "pledges", "vnr", "reporting", "alliance")

"""Reads the API, the pages and the tasks share: the dashboards' aggregates, scoped to the caller."""

from engagement.selectors.annual import annual_report
from engagement.selectors.dashboard import PLEDGE_GROUPINGS, dashboard_summary, pledge_breakdown
from engagement.selectors.kpis import kpi_rows
from engagement.selectors.reporting import REPORTING_GROUPINGS, reporting_rates

__all__ = [
    "PLEDGE_GROUPINGS",
    "REPORTING_GROUPINGS",
    "annual_report",
    "dashboard_summary",
    "kpi_rows",
    "pledge_breakdown",
    "reporting_rates",
]

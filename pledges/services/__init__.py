"""Every write on pledges, reports and Alliance records that does more than save one row."""

from pledges.services.commitments import membership_milestone_tick
from pledges.services.pledges import (
    PledgeHasReports,
    PledgeVersionMismatch,
    pledge_create,
    pledge_delete,
    pledge_update,
)
from pledges.services.reports import pledge_report_progress, pledge_status_check, report_verify

__all__ = [
    "PledgeHasReports",
    "PledgeVersionMismatch",
    "membership_milestone_tick",
    "pledge_create",
    "pledge_delete",
    "pledge_report_progress",
    "pledge_status_check",
    "pledge_update",
    "report_verify",
]

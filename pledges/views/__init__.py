"""Pledge and Alliance pages, one module per concept."""

from pledges.views.alliance import alliance_list, milestone_tick
from pledges.views.editing import pledge_create_view, pledge_edit_view, pledge_smart_checklist
from pledges.views.pledges import pledge_detail, pledge_list, pledge_report, public_pledge_list
from pledges.views.verification import report_verify_view

__all__ = [
    "alliance_list",
    "milestone_tick",
    "pledge_create_view",
    "pledge_detail",
    "pledge_edit_view",
    "pledge_list",
    "pledge_report",
    "pledge_smart_checklist",
    "public_pledge_list",
    "report_verify_view",
]

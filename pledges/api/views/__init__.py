"""Viewsets of the pledges API, one module per resource."""

from pledges.api.views.commitments import AllianceMembershipViewSet, CtaEndorsementViewSet
from pledges.api.views.pledges import PledgeViewSet
from pledges.api.views.public import PublicPledgeViewSet
from pledges.api.views.reports import ProgressReportViewSet, ReportVerificationViewSet

__all__ = [
    "AllianceMembershipViewSet",
    "CtaEndorsementViewSet",
    "PledgeViewSet",
    "ProgressReportViewSet",
    "PublicPledgeViewSet",
    "ReportVerificationViewSet",
]

"""The pledges app's tables: commitments, their progress, and the Bogota and Pathfinding records."""

from pledges.models.commitments import AllianceMembership, AllianceMilestone, CtaEndorsement, PeerExchange
from pledges.models.pledges import MEASURABILITY_FIELDS, Pledge
from pledges.models.reports import ProgressReport, ReportVerification

__all__ = [
    "MEASURABILITY_FIELDS",
    "AllianceMembership",
    "AllianceMilestone",
    "CtaEndorsement",
    "PeerExchange",
    "Pledge",
    "ProgressReport",
    "ReportVerification",
]

"""The engagement app's tables, split by concept."""

from engagement.models.followups import FollowUpAction
from engagement.models.geography import MemberState, Organization, Region
from engagement.models.indicators import Indicator, IndicatorTarget, IndicatorValue
from engagement.models.meetings import Meeting
from engagement.models.people import Contact, User
from engagement.models.reminders import Reminder
from engagement.models.vnr import VNR_STAGES, VnrEngagement
from engagement.models.vocabularies import Term

__all__ = [
    "VNR_STAGES",
    "Contact",
    "FollowUpAction",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "Meeting",
    "MemberState",
    "Organization",
    "Region",
    "Reminder",
    "Term",
    "User",
    "VnrEngagement",
]

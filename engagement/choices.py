"""Enumerations of the engagement app; their values are the API's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("Staff")
    VIEWER = "viewer", _("Viewer")
    FOCAL_POINT = "focal_point", _("Focal point")


class OrganizationKind(models.TextChoices):
    UN_ENTITY = "un_entity", _("UN entity")
    REGIONAL_ORGANIZATION = "regional_organization", _("Regional organization")
    NHRI = "nhri", _("National human rights institution")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    FAITH_BASED = "faith_based", _("Faith-based organization")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    CHILD_LED = "child_led", _("Child- or youth-led group")
    OTHER = "other", _("Other")


class Vocabulary(models.TextChoices):
    SDG_TARGET = "sdg_target", _("SDG target")
    STRATEGIC_OBJECTIVE = "strategic_objective", _("Strategic objective")
    OPERATIONAL_OBJECTIVE = "operational_objective", _("Operational objective")
    INTERVENTION = "intervention", _("Programming intervention")
    PRIORITY_CONTEXT = "priority_context", _("Priority context")
    THEME = "theme", _("Theme")
    STAKEHOLDER_CATEGORY = "stakeholder_category", _("Stakeholder category")


class MeetingKind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    MULTILATERAL = "multilateral", _("Multilateral")
    CONFERENCE = "conference", _("Conference")
    DIALOGUE_WITH_CHILDREN = "dialogue_with_children", _("Dialogue with children")
    ROUNDTABLE = "roundtable", _("Roundtable")
    BRIEFING = "briefing", _("Briefing")
    OTHER = "other", _("Other")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class MeetingLevel(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of State or Government")
    MINISTERIAL = "ministerial", _("Ministerial")
    SENIOR_OFFICIAL = "senior_official", _("Senior official")
    TECHNICAL = "technical", _("Technical")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ReminderRule(models.TextChoices):
    PLEDGE_REPORT_DUE = "pledge_report_due", _("Pledge report due")
    PLEDGE_REPORT_ESCALATION = "pledge_report_escalation", _("Pledge report escalation")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up action due")
    VISIT_FOLLOW_UP = "visit_follow_up", _("Visit follow-up")
    VNR_OUTREACH = "vnr_outreach", _("VNR outreach")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")
    MILESTONE_DUE = "milestone_due", _("Pathfinding milestone due")
    REPORT_DISPUTED = "report_disputed", _("Progress report disputed")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# The years reports and boards cover; outside them a year is not found (API and pages alike).
REPORT_YEARS = range(2000, 2101)


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from records")
    MANUAL = "manual", _("Entered monthly")

"""Enumerations of the reminder log; their values are the API's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderRule(models.TextChoices):
    PLEDGE_REPORT_DUE = "pledge_report_due", _("Pledge report due")
    PLEDGE_REPORT_ESCALATION = "pledge_report_escalation", _("Pledge report escalation")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up action due")
    VISIT_FOLLOW_UP = "visit_follow_up", _("Visit follow-up")
    VNR_OUTREACH = "vnr_outreach", _("VNR outreach")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")
    MILESTONE_DUE = "milestone_due", _("Pathfinding milestone due")
    REPORT_DISPUTED = "report_disputed", _("Progress report disputed")
    REPORT_RECEIVED = "report_received", _("Progress report received")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The worker stopped while handing the message to the mail server: it may or may not have gone
    # out. Never sent again automatically; staff check the mail log and use Resend.
    UNCERTAIN = "uncertain", _("Delivery uncertain")


# What staff are shown as not delivered (dashboard, digest, /reminders/undelivered/), with Resend.
UNDELIVERED_STATUSES = (ReminderStatus.FAILED, ReminderStatus.UNCERTAIN)


class CalendarScope(models.TextChoices):
    """What a staff member's calendar feed holds; focal points and viewers have one scope each."""

    MINE = "mine", _("Mine: the pledges I am responsible for, my follow-ups and the visits I own")
    ALL = "all", _("Everything the Office follows")

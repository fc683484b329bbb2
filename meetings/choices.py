"""Enumerations of meetings and follow-up actions; their values are the API's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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

"""Enumerations of the visits app; their values are the API's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    OFFICIAL = "official", _("Official visit")
    FOLLOW_UP = "follow_up", _("Follow-up visit")
    VIRTUAL = "virtual", _("Virtual engagement")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class SiteKind(models.TextChoices):
    SOCIAL_SERVICE = "social_service", _("Social services")
    CARE_INSTITUTION = "care_institution", _("Care institution")
    DETENTION = "detention", _("Place of detention")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health facility")
    OTHER = "other", _("Other")


# The status moves a visit's page offers: status -> the statuses it may move to.
VISIT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    VisitStatus.PLANNED: (VisitStatus.CONFIRMED, VisitStatus.COMPLETED, VisitStatus.CANCELLED),
    VisitStatus.CONFIRMED: (VisitStatus.COMPLETED, VisitStatus.CANCELLED, VisitStatus.PLANNED),
    VisitStatus.CANCELLED: (VisitStatus.PLANNED,),
    VisitStatus.COMPLETED: (),
}

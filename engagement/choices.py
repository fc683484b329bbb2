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


# The years reports and boards cover; outside them a year is not found (API and pages alike).
REPORT_YEARS = range(2000, 2101)


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from records")
    MANUAL = "manual", _("Entered monthly")

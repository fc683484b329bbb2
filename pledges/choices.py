"""Enumerations of the pledges app; their values are the API's."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeOrigin(models.TextChoices):
    BOGOTA_2024 = "bogota_2024", _("Bogota conference 2024")
    COUNTRY_VISIT = "country_visit", _("Country visit")
    OTHER = "other", _("Other event")


class PledgeArea(models.TextChoices):
    LEGISLATION = "legislation", _("Legislation")
    POLICY_AND_PLANS = "policy_and_plans", _("Policy and plans")
    FINANCING = "financing", _("Financing")
    SERVICES = "services", _("Services")
    DATA_AND_EVIDENCE = "data_and_evidence", _("Data and evidence")
    CHILD_PARTICIPATION = "child_participation", _("Child participation")
    OTHER = "other", _("Other")


class PledgeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    OFF_TRACK = "off_track", _("Off track")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STATUSES = (PledgeStatus.ACHIEVED, PledgeStatus.WITHDRAWN)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")


class Verdict(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    DISPUTED = "disputed", _("Disputed")


class VerificationState(models.TextChoices):
    """A progress report's standing: the latest verdict on it, or none yet."""

    UNVERIFIED = "unverified", _("Unverified")
    VERIFIED = "verified", _("Verified")
    DISPUTED = "disputed", _("Disputed")


class SmartGap(models.TextChoices):
    """What keeps a pledge from being specific, measurable and time-bound."""

    NO_INDICATOR = "no_indicator", _("No indicator")
    NO_BASELINE = "no_baseline", _("No baseline")
    NO_TARGET_DATE = "no_target_date", _("No target date")
    TARGET_DATE_PAST = "target_date_past", _("Target date passed")
    NO_RESPONSIBLE_BODY = "no_responsible_body", _("No responsible body")
    NO_BUDGET = "no_budget", _("No budget committed")
    NO_SDG_TARGET = "no_sdg_target", _("No SDG target")


class SignatoryLevel(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", _("Head of State or Government")
    MINISTERIAL = "ministerial", _("Ministerial")
    SENIOR_OFFICIAL = "senior_official", _("Senior official")
    AMBASSADOR = "ambassador", _("Ambassador / Permanent Representative")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RENEWED = "renewed", _("Renewed engagement")
    INACTIVE = "inactive", _("Inactive")


class NationalPlanStatus(models.TextChoices):
    NONE = "none", _("No plan yet")
    IN_PREPARATION = "in_preparation", _("In preparation")
    ADOPTED = "adopted", _("Adopted")


class Milestone(models.TextChoices):
    FOCAL_POINT_APPOINTED = "focal_point_appointed", _("National focal point appointed")
    MULTISTAKEHOLDER_GROUP = "multistakeholder_group", _("Multi-stakeholder group set up")
    DATA_COLLECTED = "data_collected", _("Data on violence against children collected")
    COSTED_ACTION_PLAN = "costed_action_plan", _("Costed national action plan adopted")
    CHILDREN_CONSULTED = "children_consulted", _("Children consulted on the plan")


MILESTONE_DUE_MONTHS = 18


class LatestVerification(models.TextChoices):
    """A pledge's standing by its latest report's verdict, or `none` when it has no report yet."""

    UNVERIFIED = "unverified", _("Latest report not verified yet")
    VERIFIED = "verified", _("Latest report verified")
    DISPUTED = "disputed", _("Latest report disputed")
    NONE = "none", _("No report yet")

"""Country visits: dates, objectives, sites visited, stakeholders met, children met."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import Vocabulary
from engagement.models import MemberState, Term
from engagement.querysets import ScopedByStateQuerySet
from engagement.validators import SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, validate_recorded_date
from visits.choices import SiteKind, VisitKind, VisitStatus


class CountryVisitQuerySet(ScopedByStateQuerySet):
    """Visits: staff and viewers see all, a focal point its own State's."""


class VisitSiteQuerySet(ScopedByStateQuerySet):
    """Sites follow the visit they belong to."""

    state_field = "visit__member_state"


class CountryVisit(models.Model):
    """One visit (or virtual engagement) to one Member State; ends on or after it starts."""

    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="visits", verbose_name=_("Member State")
    )
    start_date = models.DateField(_("start date"), db_index=True, validators=[validate_recorded_date])
    end_date = models.DateField(_("end date"), validators=[validate_recorded_date])
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.PLANNED,
        db_index=True,
    )
    objectives = models.TextField(_("objectives"), max_length=TEXT_MAX_LENGTH, blank=True)
    children_met = models.PositiveIntegerField(_("children met"), default=0)
    stakeholder_categories = models.ManyToManyField(
        Term,
        blank=True,
        related_name="visits",
        limit_choices_to={"vocabulary": Vocabulary.STAKEHOLDER_CATEGORY},
        verbose_name=_("stakeholder categories met"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits_owned",
        verbose_name=_("staff owner"),
    )
    summary = models.TextField(_("outcome summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CountryVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("country visit")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="visit_ends_after_start",
                violation_error_message=_("A visit ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(children_met__gte=0), name="visit_children_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["member_state", "start_date"])]

    def __str__(self) -> str:
        return f"{self.member_state} {self.start_date:%Y-%m-%d} ({self.get_kind_display()})"


class VisitSite(models.Model):
    """A place seen during a visit: social services, care institutions, places of detention..."""

    visit = models.ForeignKey(CountryVisit, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=SiteKind.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)

    objects = VisitSiteQuerySet.as_manager()

    class Meta:
        ordering = ["visit", "id"]
        verbose_name = _("site visited")

    def __str__(self) -> str:
        return self.name

"""A pledge: one commitment by one State, with its status, progress and report cycle."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import Vocabulary
from engagement.models import MemberState, Term
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus, Visibility
from pledges.querysets import PledgeQuerySet

# What makes a pledge measurable; the form, serializer, admin, import and generator all list them.
MEASURABILITY_FIELDS = (
    "indicator",
    "baseline",
    "responsible_body",
    "budget_committed",
    "budget_amount",
    "budget_currency",
)


def default_reporting_interval() -> int:
    return settings.PLEDGE_DEFAULT_REPORTING_INTERVAL_DAYS


class Pledge(models.Model):
    """One State's commitment; its status and progress are those of its latest progress report."""

    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("Member State")
    )
    origin = models.CharField(_("origin"), max_length=20, choices=PledgeOrigin.choices, db_index=True)
    visit = models.ForeignKey(
        "visits.CountryVisit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("welcomed during visit"),
    )
    made_on = models.DateField(_("made on"), default=timezone.localdate, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("commitment area"), max_length=30, choices=PledgeArea.choices, db_index=True)
    sdg_targets = models.ManyToManyField(
        Term,
        blank=True,
        related_name="pledges_by_sdg",
        limit_choices_to={"vocabulary": Vocabulary.SDG_TARGET},
        verbose_name=_("SDG targets"),
    )
    strategy_tags = models.ManyToManyField(
        Term,
        blank=True,
        related_name="pledges_by_tag",
        verbose_name=_("strategy tags"),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PledgeStatus.choices,
        default=PledgeStatus.PLANNED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    reporting_interval_days = models.PositiveSmallIntegerField(
        _("reporting interval (days)"),
        default=default_reporting_interval,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    last_reported_at = models.DateTimeField(_("last reported at"), null=True, blank=True)
    next_report_due = models.DateField(_("next report due"), null=True, blank=True, db_index=True)
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges_followed",
        verbose_name=_("responsible staff member"),
    )
    # What makes a pledge measurable (accountability); optional while drafting.
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=300, blank=True)
    responsible_body = models.CharField(_("responsible body"), max_length=300, blank=True)
    budget_committed = models.BooleanField(_("budget committed"), default=False)
    budget_amount = models.DecimalField(
        _("budget amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_currency = models.CharField(
        _("budget currency"),
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use an ISO 4217 code such as USD."))],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[sdg_targets])
    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-id"]
        verbose_name = _("pledge")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="pledge_progress_0_100",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="achieved") | models.Q(progress=100),
                name="pledge_achieved_is_100",
                violation_error_message=_("An achieved pledge has progress 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(reporting_interval_days__gte=7),
                name="pledge_reporting_interval_min",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_amount__isnull=True) | models.Q(budget_amount__gte=0),
                name="pledge_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(origin="country_visit") | models.Q(visit__isnull=False),
                name="pledge_visit_origin_has_visit",
                violation_error_message=_("A pledge welcomed during a country visit names the visit."),
            ),
        ]
        indexes = [
            models.Index(fields=["member_state", "status"]),
            models.Index(fields=["visibility", "made_on"]),
            models.Index(fields=["status", "next_report_due"]),
            # The register's usual question, "status and area, newest first": the page and its
            # count read this index alone instead of filtering every row of the area.
            models.Index(fields=["status", "area", "-made_on", "-id"], name="pledge_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_state.iso3}: {self.title}"

"""The pledges app's tables: commitments, their progress, and the Bogota and Pathfinding records."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import Vocabulary
from engagement.models import MemberState, Term
from engagement.validators import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, validate_recorded_date
from pledges.choices import (
    MembershipStatus,
    Milestone,
    NationalPlanStatus,
    PledgeArea,
    PledgeOrigin,
    PledgeStatus,
    SignatoryLevel,
    Verdict,
    Visibility,
)
from pledges.evidence import ALLOWED_TYPES
from pledges.querysets import (
    MilestoneQuerySet,
    PledgeQuerySet,
    ProgressReportQuerySet,
    PublicStateRecordQuerySet,
    VerificationQuerySet,
)

# What makes a pledge measurable; the form, serializer, admin, import and generator all list them.
MEASURABILITY_FIELDS = (
    "indicator",
    "baseline",
    "responsible_body",
    "budget_committed",
    "budget_amount",
    "budget_currency",
)


# What the latest verified report gives a pledge; only report_verify writes them.
VERIFICATION_COLUMNS = ("verified_progress", "last_verified_at")


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
    made_on = models.DateField(
        _("made on"), default=timezone.localdate, db_index=True, validators=[validate_recorded_date]
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH, blank=True)
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
    target_date = models.DateField(
        _("target date"), null=True, blank=True, validators=[validate_recorded_date]
    )
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
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        # Published on purpose: a new pledge stays internal until staff publish it.
        default=Visibility.INTERNAL,
        db_index=True,
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
    # The latest verified report's progress and the time of that verdict (None before one):
    # written by `report_verify` with each verdict, never edited (pledges/services.py).
    verified_progress = models.PositiveSmallIntegerField(
        _("verified progress (%)"), null=True, blank=True, editable=False
    )
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", *VERIFICATION_COLUMNS], m2m_fields=[sdg_targets]
    )
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
                condition=models.Q(verified_progress__isnull=True)
                | models.Q(verified_progress__gte=0, verified_progress__lte=100),
                name="pledge_verified_progress_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(verified_progress__isnull=True, last_verified_at__isnull=True)
                | models.Q(verified_progress__isnull=False, last_verified_at__isnull=False),
                name="pledge_verified_progress_has_time",
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
            # The public feed's Last-Modified: the latest change, read from the index's end.
            models.Index(fields=["updated_at"], name="pledge_updated_at_idx"),
            models.Index(fields=["member_state", "status"]),
            models.Index(fields=["visibility", "made_on"]),
            models.Index(fields=["status", "next_report_due"]),
            # The register's usual question, "status and area, newest first": the page and its
            # count read this index alone instead of filtering every row of the area.
            models.Index(fields=["status", "area", "-made_on", "-id"], name="pledge_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_state.iso3}: {self.title}"


class AppendOnlyModel(models.Model):
    """A row written once: Python refuses updates and deletes, and so do database triggers."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(
                _("%(name)s entries are never changed once written.") % {"name": self._meta.verbose_name}
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("%(name)s entries are never deleted.") % {"name": self._meta.verbose_name})


class ProgressReport(AppendOnlyModel):
    """A focal point's or staff member's report on a pledge: status, progress, narrative, evidence."""

    pledge = models.ForeignKey("pledges.Pledge", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=20, choices=PledgeStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"), max_length=TEXT_MAX_LENGTH)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_reports"
    )
    due_date = models.DateField(_("report was due"), null=True, blank=True)
    # A default, not auto_now_add, so imports and the demo can record when a report was really made.
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress report")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="report_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="achieved") | models.Q(progress=100),
                name="report_achieved_is_100",
            ),
        ]
        indexes = [models.Index(fields=["pledge", "created_at"])]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.created_at:%Y-%m-%d} {self.status} {self.progress}%"


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    """Where a file is stored: a generated name (never the uploader's path), under the month."""
    return timezone.now().strftime("evidence/%Y/%m/") + filename


class EvidenceFile(AppendOnlyModel):
    """A file a progress report carries (a PDF, a scan, an office document); written with it, once.

    `file` holds the generated stored name, `name` the uploader's for display; `content_type` is
    the type read from the content (pledges/evidence.py), which is also the type it is served as.
    """

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("evidence file")
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="evidence_file_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.name}"

    @property
    def type_label(self) -> str:
        """The kind of document for people (PDF, Word, ...), from the sniffed type."""
        return ALLOWED_TYPES.get(self.content_type, ("", self.content_type))[1]


class ReportVerification(AppendOnlyModel):
    """A staff verdict on a progress report; the latest one is the report's verification."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="verifications")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verifications"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = VerificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report verification")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.verdict}"


class ReportPublication(models.Model):
    """Staff's choice to show a report's narrative on the public pledge page; hidden until chosen.

    Reports are append-only, so the choice is a row of its own beside the report, with its own
    history: who opened the narrative to the public or closed it again, and when. The report's
    status, progress and date are public with its pledge whatever the choice.
    """

    report = models.OneToOneField(
        ProgressReport, on_delete=models.PROTECT, primary_key=True, related_name="publication"
    )
    narrative_public = models.BooleanField(_("narrative shown publicly"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_publications"
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report publication")

    def __str__(self) -> str:
        return f"{self.report_id}: {'public' if self.narrative_public else 'not public'}"


class CtaEndorsement(models.Model):
    """One State's endorsement of the Bogota Call to Action (one per State)."""

    member_state = models.OneToOneField(
        MemberState, on_delete=models.PROTECT, related_name="cta_endorsement", verbose_name=_("Member State")
    )
    endorsed_on = models.DateField(_("endorsed on"), db_index=True, validators=[validate_recorded_date])
    signatory_level = models.CharField(_("signatory level"), max_length=20, choices=SignatoryLevel.choices)
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = PublicStateRecordQuerySet.as_manager()

    class Meta:
        ordering = ["endorsed_on", "id"]
        verbose_name = _("Call-to-Action endorsement")

    def __str__(self) -> str:
        return f"{self.member_state} ({self.endorsed_on})"


class AllianceMembership(models.Model):
    """One State's place in the Pathfinding Global Alliance (one per State)."""

    member_state = models.OneToOneField(
        MemberState,
        on_delete=models.PROTECT,
        related_name="alliance_membership",
        verbose_name=_("Member State"),
    )
    joined_on = models.DateField(_("joined on"), db_index=True, validators=[validate_recorded_date])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        db_index=True,
    )
    national_plan_status = models.CharField(
        _("national plan"), max_length=20, choices=NationalPlanStatus.choices, default=NationalPlanStatus.NONE
    )
    focal_point = models.CharField(_("national focal point"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)

    history = HistoricalRecords()
    objects = PublicStateRecordQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("alliance membership")

    def __str__(self) -> str:
        return f"{self.member_state} (since {self.joined_on})"


class AllianceMilestone(models.Model):
    """One of a pathfinding State's five commitments, ticked when done."""

    membership = models.ForeignKey(AllianceMembership, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(_("milestone"), max_length=40, choices=Milestone.choices)
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[validate_recorded_date])

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "code"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "code"], name="milestone_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.member_state}: {self.get_code_display()}"


class PeerExchange(models.Model):
    """A peer-learning exchange between pathfinding States (e.g. on the investment case)."""

    date = models.DateField(_("date"), validators=[validate_recorded_date])
    title = models.CharField(_("title"), max_length=300)
    member_states = models.ManyToManyField(MemberState, related_name="peer_exchanges")
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("peer-learning exchange")

    def __str__(self) -> str:
        return self.title

"""Progress reports on pledges and staff verifications of them: both append-only."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pledges.choices import PledgeStatus, Verdict
from pledges.querysets import ProgressReportQuerySet, VerificationQuerySet


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
    narrative = models.TextField(_("narrative"))
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


class ReportVerification(AppendOnlyModel):
    """A staff verdict on a progress report; the latest one is the report's verification."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="verifications")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
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

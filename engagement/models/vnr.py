"""Voluntary National Review outreach: one presenter in one HLPF year, and its stages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.models.geography import MemberState, Organization
from engagement.querysets import ScopedByStateQuerySet

VNR_STAGES = (
    "outreach_sent",
    "guidance_shared",
    "meeting_held",
    "unct_mobilized",
    "vac_in_report",
    "children_involved",
)


class VnrEngagement(models.Model):
    """A VNR presenter (a State or an organization such as the EU) in one HLPF year."""

    hlpf_year = models.PositiveSmallIntegerField(_("HLPF year"), db_index=True)
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, null=True, blank=True, related_name="vnr_engagements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="vnr_engagements"
    )
    outreach_sent = models.BooleanField(_("outreach sent"), default=False)
    guidance_shared = models.BooleanField(_("guidance shared"), default=False)
    meeting_held = models.BooleanField(_("meeting held"), default=False)
    unct_mobilized = models.BooleanField(_("UN country team mobilized"), default=False)
    vac_in_report = models.BooleanField(_("violence against children in the VNR report"), default=False)
    children_involved = models.BooleanField(_("children involved"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedByStateQuerySet.as_manager()

    class Meta:
        ordering = ["-hlpf_year", "id"]
        verbose_name = _("VNR engagement")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(member_state__isnull=False, organization__isnull=True)
                    | models.Q(member_state__isnull=True, organization__isnull=False)
                ),
                name="vnr_exactly_one_presenter",
                violation_error_message=_("Give either a Member State or an organization, not both."),
            ),
            models.UniqueConstraint(
                fields=["hlpf_year", "member_state"],
                condition=models.Q(member_state__isnull=False),
                name="vnr_unique_state_year",
                violation_error_message=_("This State already has a VNR engagement for that year."),
            ),
            models.UniqueConstraint(
                fields=["hlpf_year", "organization"],
                condition=models.Q(organization__isnull=False),
                name="vnr_unique_organization_year",
                violation_error_message=_("This organization already has a VNR engagement for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(hlpf_year__gte=2000, hlpf_year__lte=2100),
                name="vnr_hlpf_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hlpf_year} {self.presenter}"

    @property
    def presenter(self) -> MemberState | Organization | None:
        return self.member_state or self.organization

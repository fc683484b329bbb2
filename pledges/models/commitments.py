"""Bogota Call-to-Action endorsements and Pathfinding Global Alliance membership."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.models import MemberState
from engagement.querysets import ScopedByStateQuerySet
from pledges.choices import MembershipStatus, Milestone, NationalPlanStatus, SignatoryLevel
from pledges.querysets import MilestoneQuerySet


class CtaEndorsement(models.Model):
    """One State's endorsement of the Bogota Call to Action (one per State)."""

    member_state = models.OneToOneField(
        MemberState, on_delete=models.PROTECT, related_name="cta_endorsement", verbose_name=_("Member State")
    )
    endorsed_on = models.DateField(_("endorsed on"), db_index=True)
    signatory_level = models.CharField(_("signatory level"), max_length=20, choices=SignatoryLevel.choices)
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedByStateQuerySet.as_manager()

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
    joined_on = models.DateField(_("joined on"), db_index=True)
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
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = ScopedByStateQuerySet.as_manager()

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("alliance membership")

    def __str__(self) -> str:
        return f"{self.member_state} (since {self.joined_on})"


class AllianceMilestone(models.Model):
    """One of a pathfinding State's five commitments, ticked when done."""

    membership = models.ForeignKey(AllianceMembership, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(_("milestone"), max_length=40, choices=Milestone.choices)
    done_on = models.DateField(_("done on"), null=True, blank=True)

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

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    member_states = models.ManyToManyField(MemberState, related_name="peer_exchanges")
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("peer-learning exchange")

    def __str__(self) -> str:
        return self.title

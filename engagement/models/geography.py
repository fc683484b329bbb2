"""Member States, the M49 regions they belong to, and the organizations the office works with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.choices import OrganizationKind
from engagement.querysets import MemberStateQuerySet


class Region(models.Model):
    """A UN M49 region (no parent) or sub-region (parent set)."""

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subregions"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.name


class MemberState(models.Model):
    """A UN Member State or observer State, known everywhere by its ISO 3166 alpha-3 code."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="member_states")
    subregion = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="subregion_member_states")
    is_un_member = models.BooleanField(_("UN Member State"), default=True)

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Member State")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="member_state_iso3_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """Any stakeholder other than a State: UN entity, regional organization, NHRI, civil society..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices, db_index=True)
    member_states = models.ManyToManyField(
        MemberState, blank=True, related_name="organizations", verbose_name=_("member States")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

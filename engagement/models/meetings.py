"""Meetings the office logs: who, when, at what level, on what, and how many children took part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import MeetingKind, MeetingLevel, MeetingMode, Vocabulary
from engagement.models.geography import MemberState, Organization
from engagement.models.vocabularies import Term
from engagement.querysets import MeetingQuerySet


class Meeting(models.Model):
    """One logged engagement; `notes` are confidential to staff, children only ever as a count."""

    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices, db_index=True)
    mode = models.CharField(_("mode"), max_length=20, choices=MeetingMode.choices)
    level = models.CharField(_("level"), max_length=20, choices=MeetingLevel.choices)
    member_states = models.ManyToManyField(
        MemberState, blank=True, related_name="meetings", verbose_name=_("Member States")
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="meetings", verbose_name=_("organizations")
    )
    topics = models.ManyToManyField(
        Term,
        blank=True,
        related_name="meetings",
        limit_choices_to={"vocabulary": Vocabulary.THEME},
        verbose_name=_("topics"),
    )
    visit = models.ForeignKey(
        "visits.CountryVisit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("held during visit"),
    )
    pledges = models.ManyToManyField(
        "pledges.Pledge", blank=True, related_name="meetings", verbose_name=_("pledges discussed")
    )
    summary = models.TextField(_("summary"), blank=True)
    notes = models.TextField(_("confidential notes"), blank=True)
    chatham_house = models.BooleanField(_("Chatham House rule"), default=False)
    children_engaged = models.PositiveIntegerField(_("children engaged"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_logged",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("meeting")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(children_engaged__gte=0), name="meeting_children_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

"""Meetings the office logs, and the follow-up actions attached to a meeting, a visit or a pledge."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import Vocabulary
from engagement.models import MemberState, Organization, Term
from engagement.validators import SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, validate_recorded_date
from meetings.choices import FollowUpStatus, MeetingKind, MeetingLevel, MeetingMode
from meetings.querysets import FollowUpQuerySet, MeetingQuerySet


class Meeting(models.Model):
    """One logged engagement; `notes` are confidential to staff, children only ever as a count."""

    date = models.DateField(_("date"), db_index=True, validators=[validate_recorded_date])
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
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    notes = models.TextField(_("confidential notes"), max_length=SUMMARY_MAX_LENGTH, blank=True)
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


class FollowUpAction(models.Model):
    """A task with an owner and a due date, belonging to at most one meeting, visit or pledge."""

    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"), db_index=True, validators=[validate_recorded_date])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        db_index=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("assignee"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    visit = models.ForeignKey(
        "visits.CountryVisit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=[validate_recorded_date])
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up action")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(meeting__isnull=True, visit__isnull=True)
                    | models.Q(meeting__isnull=True, pledge__isnull=True)
                    | models.Q(visit__isnull=True, pledge__isnull=True)
                ),
                name="follow_up_one_parent_at_most",
                violation_error_message=_("A follow-up belongs to one meeting, visit or pledge."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_on__isnull=True)
                | (~models.Q(status="open") & models.Q(closed_on__isnull=False)),
                name="follow_up_closed_on_iff_closed",
            ),
        ]
        indexes = [models.Index(fields=["assignee", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

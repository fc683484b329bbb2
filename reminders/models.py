"""The reminder log: every message due or sent, recorded once per reason before it is sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import role_of
from reminders.choices import CalendarScope, ReminderRule, ReminderStatus

# The SMTP error kept on a reminder: enough to diagnose it, never an unbounded server answer.
LAST_ERROR_MAX_LENGTH = 2500


class ReminderQuerySet(models.QuerySet):
    """Staff read the whole log; anyone else only the reminders addressed to them."""

    def visible_to(self, user) -> models.QuerySet:
        role = role_of(user)
        if role == Role.STAFF:
            return self
        if role:
            return self.filter(recipient=user)
        return self.none()


class Reminder(models.Model):
    """One message for one reason (rule, object, due date, step) to one recipient.

    The unique constraint on the reason is what makes a reminder go out exactly once.
    """

    rule = models.CharField(_("rule"), max_length=40, choices=ReminderRule.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject_object = GenericForeignKey("content_type", "object_id")
    due_date = models.DateField(_("due date"))
    step = models.CharField(_("step"), max_length=30, default="", blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders"
    )
    recipient_email = models.EmailField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
        db_index=True,
    )
    tries = models.PositiveIntegerField(_("tries"), default=0)
    # Set when a worker claims the reminder for sending: a claim outliving its lease means the
    # worker died between claiming and recording the outcome (see reminders/delivery.py).
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True, editable=False)
    # Committed on its own just before the message is handed to the mail server (SMTP DATA): a dead
    # claim without it never reached the server and is sent again; one with it is `uncertain`.
    handover_started_at = models.DateTimeField(
        _("handed to the mail server at"), null=True, blank=True, editable=False
    )
    # The give-up deadline (REMINDER_GIVE_UP_AFTER_HOURS) counts from the first try.
    first_tried_at = models.DateTimeField(_("first tried at"), null=True, blank=True, editable=False)
    # When a pending reminder is due to be tried (again); the settle task queues it once this is
    # REMINDER_STRANDED_AFTER_SECONDS past, in case its task was lost. Empty: since `created_at`.
    next_try_at = models.DateTimeField(_("next try at"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, max_length=LAST_ERROR_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When it was marked failed or uncertain (staff see it from then on, until a Resend).
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True, editable=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "due_date", "step", "recipient"],
                name="reminder_once_per_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="reminder_sent_has_sent_at",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["recipient", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} → {self.recipient_email} ({self.due_date})"


class ReminderSweep(models.Model):
    """One finished run of the daily reminder sweep: the day it swept, when, and what it recorded.

    Health checks read the latest finish time (`reminders.selectors.last_sweep_finished_at`).
    """

    day = models.DateField(_("day swept"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), db_index=True)
    recorded = models.PositiveIntegerField(_("reminders recorded"), default=0)

    class Meta:
        ordering = ["-finished_at", "-id"]
        get_latest_by = "finished_at"
        verbose_name = _("reminder sweep")

    def __str__(self) -> str:
        return f"{self.day}: {self.recorded} ({self.finished_at:%Y-%m-%d %H:%M:%S})"


# secrets.token_urlsafe(32): 32 random bytes, 43 characters of base64url.
CALENDAR_TOKEN_BYTES = 32
CALENDAR_TOKEN_MIN_LENGTH = 43


class CalendarFeed(models.Model):
    """A user's secret iCalendar address: whoever holds the token reads that user's deadlines.

    The token is the only credential of `/calendar/<token>.ics` (calendar apps cannot sign in), so
    it is long and random, rotating it replaces it (the old address answers 404 at once), and the
    feed answers only while its user is active and holds a role.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    # Staff choose; for focal points and viewers the role alone decides what the feed holds.
    scope = models.CharField(
        _("what the calendar holds"), max_length=10, choices=CalendarScope.choices, default=CalendarScope.MINE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("address last changed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("token"), CALENDAR_TOKEN_MIN_LENGTH),
                name="calendar_feed_token_long_enough",
            ),
            models.CheckConstraint(
                condition=models.Q(scope__in=CalendarScope.values), name="calendar_feed_scope_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_scope_display()})"

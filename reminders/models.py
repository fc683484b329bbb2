"""The reminder log: every message due or sent, recorded once per reason before it is sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import role_of
from reminders.choices import ReminderRule, ReminderStatus


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
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    # Set when a worker claims the reminder for sending: a claim outliving its lease means the
    # worker died between claiming and recording the outcome (see reminders/delivery.py).
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

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

"""Meetings the office logs, the follow-up actions attached to a meeting, a visit or a pledge, and the
drafts of meetings read from e-mails sent to the dropbox (meetings/mail.py), with their attachments.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import Vocabulary
from engagement.models import MemberState, Organization, Term
from engagement.roles import is_staff
from engagement.validators import SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, validate_recorded_date
from meetings.choices import FollowUpStatus, MeetingKind, MeetingLevel, MeetingMode
from meetings.querysets import FollowUpQuerySet, MeetingQuerySet
from pledges.evidence import ALLOWED_TYPES


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


# An e-mail keeps at most this many attachments, each at most this large; the rest are listed as
# not kept. The SMTP receiver refuses a whole message above MESSAGE_MAX_SIZE (base64 adds a third).
DRAFT_ATTACHMENT_MAX_FILES = 10
DRAFT_ATTACHMENT_MAX_SIZE = 20 * 1024 * 1024
MESSAGE_MAX_SIZE = 40 * 1024 * 1024


class AttachmentRefusal(models.TextChoices):
    """Why an e-mail's attachment was not kept on its draft."""

    TYPE = "type", _("its content is not a PDF, an image or an office document")
    SIZE = "size", _("it is larger than the limit")
    COUNT = "count", _("the e-mail carried more files than a draft keeps")
    EMPTY = "empty", _("it is empty")


class MeetingDraftQuerySet(models.QuerySet):
    """A draft is its sender's: staff see their own drafts, nobody else's."""

    def visible_to(self, user) -> models.QuerySet:
        return self.filter(sender=user) if is_staff(user) else self.none()

    def waiting(self) -> models.QuerySet:
        return self.filter(confirmed_at__isnull=True, discarded_at__isnull=True)

    def waiting_for(self, user) -> models.QuerySet:
        """The drafts `user` still has to confirm or discard (the navigation's count)."""
        return self.visible_to(user).waiting()


class DraftAttachmentQuerySet(models.QuerySet):
    """A waiting draft's files are its sender's; once confirmed they are the meeting's, for staff."""

    def visible_to(self, user) -> models.QuerySet:
        if not is_staff(user):
            return self.none()
        return self.filter(
            models.Q(draft__sender=user, draft__confirmed_at__isnull=True, draft__discarded_at__isnull=True)
            | models.Q(draft__meeting__isnull=False)
        )


class MeetingDraft(models.Model):
    """A meeting read from an e-mail a staff member sent to the dropbox, until they confirm or discard it.

    The row outlives both: `message_id` stays unique for ever, so the same e-mail never makes a
    second draft. A confirmed draft points at its meeting and keeps the e-mail's attachments for it;
    a discarded one keeps only what deduplication and the audit need (files, summary and
    participants are dropped).
    """

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_drafts",
        verbose_name=_("sender"),
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    date = models.DateField(_("date"), validators=[validate_recorded_date])
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    participants = models.TextField(_("participants"), max_length=TEXT_MAX_LENGTH, blank=True)
    member_states = models.ManyToManyField(
        MemberState, blank=True, related_name="meeting_drafts", verbose_name=_("Member States")
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="meeting_drafts", verbose_name=_("organizations")
    )
    # Attachments the e-mail carried but the draft did not keep: [{"name": ..., "reason": ...}].
    skipped_attachments = models.JSONField(_("attachments not kept"), default=list, blank=True)
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mail_draft",
        verbose_name=_("meeting"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    discarded_at = models.DateTimeField(_("discarded at"), null=True, blank=True)

    objects = MeetingDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("meeting draft")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | models.Q(discarded_at__isnull=True),
                name="meeting_draft_confirmed_or_discarded",
            ),
            # A deleted meeting leaves its draft confirmed (so the e-mail stays known) with no meeting.
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=True) | models.Q(confirmed_at__isnull=False),
                name="meeting_draft_meeting_once_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=["sender", "confirmed_at", "discarded_at"], name="meeting_draft_sender_idx")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def is_waiting(self) -> bool:
        return self.confirmed_at is None and self.discarded_at is None

    @property
    def attachments_not_kept(self) -> list[tuple[str, str]]:
        """The e-mail's files the draft did not keep, each with the reason, for people to read."""
        labels = dict(AttachmentRefusal.choices)
        return [
            (item["name"], labels.get(item["reason"], item["reason"])) for item in self.skipped_attachments
        ]


def draft_attachment_upload_to(instance: DraftAttachment, filename: str) -> str:
    """Where a file is stored: a generated name (never the e-mail's), under the month."""
    return timezone.now().strftime("meeting-mail/%Y/%m/") + filename


class DraftAttachment(models.Model):
    """A file an e-mailed meeting carried (agenda, slides, minutes), kept with its draft and then its meeting.

    `file` holds a generated stored name and `name` the e-mail's for display; `content_type` is
    read from the content (pledges/evidence.py), and the file is served as that type only.
    """

    draft = models.ForeignKey(MeetingDraft, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=draft_attachment_upload_to, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))

    objects = DraftAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "id"]
        verbose_name = _("meeting e-mail attachment")
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="draft_attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def type_label(self) -> str:
        """The kind of document for people (PDF, Word, ...), from the sniffed type."""
        return ALLOWED_TYPES.get(self.content_type, ("", self.content_type))[1]

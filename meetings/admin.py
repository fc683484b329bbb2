"""Admin of meetings, follow-up actions and the meeting drafts read from e-mail."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import DraftAttachment, FollowUpAction, Meeting, MeetingDraft


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """Logged meetings: who, when, level, topics, children engaged, and staff-only notes."""

    list_display = ("date", "title", "kind", "mode", "level", "chatham_house", "children_engaged")
    list_filter = ("kind", "mode", "level", "chatham_house", "date")
    search_fields = ("title", "summary", "member_states__name", "member_states__iso3")
    date_hierarchy = "date"
    autocomplete_fields = ("member_states", "organizations", "topics", "visit", "pledges", "created_by")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("date", "title", "kind", "mode", "level", "chatham_house")}),
        (None, {"fields": ("member_states", "organizations", "topics", "visit", "pledges")}),
        (None, {"fields": ("summary", "notes", "children_engaged")}),
        (None, {"fields": ("created_by", "created_at", "updated_at")}),
    )


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    """Follow-up actions by owner, status and due date."""

    list_display = ("title", "due_date", "status", "assignee", "meeting", "visit", "pledge", "closed_on")
    list_filter = ("status", ("assignee", admin.RelatedOnlyFieldListFilter), "due_date")
    search_fields = ("title", "notes", "assignee__username")
    date_hierarchy = "due_date"
    autocomplete_fields = ("assignee", "meeting", "visit", "pledge")
    list_select_related = ("assignee", "meeting", "visit__member_state", "pledge__member_state")


class DraftAttachmentInline(admin.TabularInline):
    model = DraftAttachment
    fields = ("name", "content_type", "size", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MeetingDraft)
class MeetingDraftAdmin(admin.ModelAdmin):
    """E-mails turned into drafts, read-only: their senders confirm or discard them on /meetings/drafts/."""

    list_display = ("received_at", "sender", "title", "date", "meeting", "confirmed_at", "discarded_at")
    list_filter = (("sender", admin.RelatedOnlyFieldListFilter), "received_at")
    search_fields = ("title", "message_id", "sender__username", "sender__email")
    date_hierarchy = "received_at"
    list_select_related = ("sender", "meeting")
    inlines = (DraftAttachmentInline,)
    fields = (
        "sender",
        "message_id",
        "received_at",
        "date",
        "title",
        "summary",
        "participants",
        "member_states",
        "organizations",
        "skipped_attachments",
        "meeting",
        "confirmed_at",
        "discarded_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        # Drafts come from e-mail only (manage.py receive_mail), never typed in.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The row is what keeps the same e-mail from making a second draft; its sender discards it.
        return False

"""Admin of meetings and follow-up actions."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import FollowUpAction, Meeting


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

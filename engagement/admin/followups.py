"""Admin for follow-up actions: staff tasks attached to a meeting, a visit or a pledge."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from engagement.models import FollowUpAction


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    """Follow-up actions by owner, status and due date."""

    list_display = ("title", "due_date", "status", "assignee", "meeting", "visit", "pledge", "closed_on")
    list_filter = ("status", ("assignee", admin.RelatedOnlyFieldListFilter), "due_date")
    search_fields = ("title", "notes", "assignee__username")
    date_hierarchy = "due_date"
    autocomplete_fields = ("assignee", "meeting", "visit", "pledge")
    list_select_related = ("assignee", "meeting", "visit__member_state", "pledge__member_state")

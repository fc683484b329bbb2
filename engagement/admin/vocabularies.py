"""Admin for the strategy vocabularies (SDG targets, objectives, themes...)."""

from __future__ import annotations

from django.contrib import admin

from engagement.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Vocabulary terms; found by code or name from the meeting, visit and pledge admins."""

    list_display = ("code", "name", "vocabulary")
    list_filter = ("vocabulary",)
    search_fields = ("code", "name")

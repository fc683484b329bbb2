"""Admin for country visits, with the sites visited inline and the change history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from visits.models import CountryVisit, VisitSite


class VisitSiteInline(admin.TabularInline):
    """Places seen during the visit."""

    model = VisitSite
    extra = 0


@admin.register(CountryVisit)
class CountryVisitAdmin(SimpleHistoryAdmin):
    """Country visits by State, kind, status and dates."""

    list_display = ("member_state", "start_date", "end_date", "kind", "status", "children_met", "owner")
    list_filter = ("kind", "status", "start_date")
    search_fields = ("member_state__name", "member_state__iso3", "objectives", "summary")
    date_hierarchy = "start_date"
    autocomplete_fields = ("member_state", "stakeholder_categories", "owner")
    list_select_related = ("member_state", "owner")
    readonly_fields = ("created_at", "updated_at")
    inlines = (VisitSiteInline,)

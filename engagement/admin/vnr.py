"""Admin for VNR outreach: one presenter in one HLPF year, and its stages."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from engagement.models import VNR_STAGES, VnrEngagement


@admin.register(VnrEngagement)
class VnrEngagementAdmin(SimpleHistoryAdmin):
    """VNR presenters per HLPF year with the stage flags as filterable columns."""

    list_display = ("hlpf_year", "presenter_name", *VNR_STAGES)
    list_filter = ("hlpf_year", *VNR_STAGES)
    search_fields = (
        "member_state__name",
        "member_state__iso3",
        "organization__name",
        "organization__acronym",
    )
    autocomplete_fields = ("member_state", "organization")
    list_select_related = ("member_state", "organization")

    @admin.display(description=_("presenter"), ordering="member_state__name")
    def presenter_name(self, obj: VnrEngagement) -> str:
        return str(obj.presenter)

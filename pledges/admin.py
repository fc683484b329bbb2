"""Admin for pledges (with CSV/XLSX import), their append-only reports, and the Bogota records."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from pledges.choices import SmartGap
from pledges.models import (
    MEASURABILITY_FIELDS,
    AllianceMembership,
    AllianceMilestone,
    CtaEndorsement,
    PeerExchange,
    Pledge,
    ProgressReport,
    ReportVerification,
)
from pledges.resources import CtaEndorsementResource, PledgeResource
from pledges.selectors import pledge_smart_gaps

REPORT_FIELDS = ("created_at", "status", "progress", "narrative", "evidence_url", "author", "due_date")
VERIFICATION_FIELDS = ("created_at", "verdict", "note", "verified_by")


class AllOrNothingImportMixin:
    """CSV or XLSX; says so when the confirmed import was rolled back (data changed since the preview)."""

    formats = (CSV, XLSX)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, _("Nothing was imported: some rows no longer validate. Upload again."))
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)


class AppendOnlyAdminMixin:
    """Rows written once through a service (API, pledge page): the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgressReportInline(AppendOnlyAdminMixin, admin.TabularInline):
    """The pledge's reports, newest first, read-only."""

    model = ProgressReport
    fields = REPORT_FIELDS
    readonly_fields = REPORT_FIELDS
    extra = 0
    show_change_link = True


@admin.register(Pledge)
class PledgeAdmin(AllOrNothingImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Pledges by State, status and origin; CSV/XLSX import and export; history of every change."""

    resource_classes = [PledgeResource]
    list_display = (
        "title",
        "member_state",
        "origin",
        "area",
        "status",
        "progress",
        "visibility",
        "made_on",
        "next_report_due",
    )
    list_filter = ("status", "origin", "area", "visibility", "member_state__region", "made_on")
    search_fields = ("title", "description", "member_state__name", "member_state__iso3")
    date_hierarchy = "made_on"
    autocomplete_fields = ("member_state", "visit", "sdg_targets", "strategy_tags", "responsible_staff")
    list_select_related = ("member_state",)
    readonly_fields = ("smart_checklist", "last_reported_at", "created_at", "updated_at")
    inlines = (ProgressReportInline,)
    fieldsets = (
        (None, {"fields": ("member_state", "origin", "visit", "made_on", "title", "description", "area")}),
        (_("Tags"), {"fields": ("sdg_targets", "strategy_tags")}),
        (
            _("Status"),
            {
                "fields": ("status", "progress", "target_date", "visibility", "responsible_staff"),
                "description": _(
                    "Progress reports below are append-only and read-only here: post new ones from "
                    "the pledge page or the API, which also update the status and the next due date."
                ),
            },
        ),
        (_("Report cycle"), {"fields": ("reporting_interval_days", "last_reported_at", "next_report_due")}),
        (
            _("Accountability"),
            {
                "fields": (
                    "smart_checklist",
                    *MEASURABILITY_FIELDS,
                )
            },
        ),
        (None, {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("SMART checklist"))
    def smart_checklist(self, pledge: Pledge) -> str:
        """What the pledge still lacks to be measurable; guidance that never blocks saving."""
        if pledge.pk is None:
            return _("Shown once the pledge is saved.")
        gaps = pledge_smart_gaps(pledge, timezone.localdate())
        if not gaps:
            return _("Specific, measurable and time-bound: nothing missing.")
        return format_html_join(", ", "{}", ((SmartGap(code).label,) for code in gaps))


class ReportVerificationInline(AppendOnlyAdminMixin, admin.TabularInline):
    """Staff verdicts on the report, read-only."""

    model = ReportVerification
    fields = VERIFICATION_FIELDS
    readonly_fields = VERIFICATION_FIELDS
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(AppendOnlyAdminMixin, admin.ModelAdmin):
    """Every progress report, read-only: they are posted through the pledge page or the API."""

    list_display = ("pledge", "created_at", "status", "progress", "author", "due_date")
    list_filter = ("status", "created_at")
    search_fields = ("pledge__title", "pledge__member_state__iso3", "narrative", "author__username")
    date_hierarchy = "created_at"
    list_select_related = ("pledge__member_state", "author")
    inlines = (ReportVerificationInline,)


@admin.register(ReportVerification)
class ReportVerificationAdmin(AppendOnlyAdminMixin, admin.ModelAdmin):
    """Every verification verdict, read-only: they are recorded through the API."""

    list_display = ("report", "verdict", "verified_by", "created_at")
    list_filter = ("verdict", "created_at")
    search_fields = ("report__pledge__title", "note", "verified_by__username")
    date_hierarchy = "created_at"
    list_select_related = ("report", "verified_by")


@admin.register(CtaEndorsement)
class CtaEndorsementAdmin(AllOrNothingImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Bogota Call-to-Action endorsements, one per State; CSV/XLSX import and export."""

    resource_classes = [CtaEndorsementResource]
    list_display = ("member_state", "endorsed_on", "signatory_level", "signatory")
    list_filter = ("signatory_level", "member_state__region", "endorsed_on")
    search_fields = ("member_state__name", "member_state__iso3", "signatory")
    date_hierarchy = "endorsed_on"
    autocomplete_fields = ("member_state",)
    list_select_related = ("member_state",)


class AllianceMilestoneInline(admin.TabularInline):
    """The five Pathfinding milestones of the membership."""

    model = AllianceMilestone
    extra = 0


@admin.register(AllianceMembership)
class AllianceMembershipAdmin(SimpleHistoryAdmin):
    """Pathfinding Global Alliance members, with their milestones inline."""

    list_display = ("member_state", "joined_on", "status", "national_plan_status", "focal_point")
    list_filter = ("status", "national_plan_status", "member_state__region", "joined_on")
    search_fields = ("member_state__name", "member_state__iso3", "focal_point")
    date_hierarchy = "joined_on"
    autocomplete_fields = ("member_state",)
    list_select_related = ("member_state",)
    inlines = (AllianceMilestoneInline,)


@admin.register(AllianceMilestone)
class AllianceMilestoneAdmin(SimpleHistoryAdmin):
    """Pathfinding milestones across members: which are done, and when."""

    list_display = ("membership", "code", "done_on")
    list_filter = ("code", ("done_on", admin.EmptyFieldListFilter))
    search_fields = ("membership__member_state__name", "membership__member_state__iso3")
    autocomplete_fields = ("membership",)
    list_select_related = ("membership__member_state",)


@admin.register(PeerExchange)
class PeerExchangeAdmin(admin.ModelAdmin):
    """Peer-learning exchanges between pathfinding States."""

    list_display = ("date", "title")
    search_fields = ("title", "summary", "member_states__name")
    date_hierarchy = "date"
    autocomplete_fields = ("member_states",)

"""Admin of the ground floor: Member States, organizations, people, VNR, vocabularies, indicators."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from engagement.models import (
    VNR_STAGES,
    Contact,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    MemberState,
    Organization,
    Region,
    Term,
    User,
    VnrEngagement,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """M49 regions and sub-regions."""

    list_display = ("name", "m49", "parent")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "m49")
    list_select_related = ("parent",)


@admin.register(MemberState)
class MemberStateAdmin(SimpleHistoryAdmin):
    """Member and observer States; other admins find them by ISO3 code or name. The history shows
    who changed the staff's talking points (and the reference data) and when."""

    list_display = ("name", "iso3", "m49", "region", "subregion", "is_un_member")
    list_filter = ("is_un_member", "region")
    search_fields = ("name", "iso3", "m49")
    list_select_related = ("region", "subregion")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """UN entities, regional organizations, NHRIs, civil society and the other stakeholders."""

    list_display = ("name", "acronym", "kind", "website")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")
    autocomplete_fields = ("member_states",)


TRACKER_FIELDS = ("role", "member_state", "language", "weekly_digest")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin with the tracker's role, focal-point State, language and digest."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Tracker"), {"fields": TRACKER_FIELDS}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Tracker"), {"classes": ("wide",), "fields": ("email", *TRACKER_FIELDS)}),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "member_state", "is_active")
    list_filter = ("role", "is_active", ("member_state", admin.RelatedOnlyFieldListFilter), "is_staff")
    search_fields = ("username", "email", "first_name", "last_name")
    autocomplete_fields = ("member_state",)
    list_select_related = ("member_state",)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """People at States and organizations; confidential, which the staff-only admin respects."""

    list_display = ("name", "position", "member_state", "organization", "email", "is_focal_point")
    list_filter = ("is_focal_point", ("member_state", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "position", "email", "member_state__name", "organization__name")
    autocomplete_fields = ("member_state", "organization", "user")
    list_select_related = ("member_state", "organization")


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


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Vocabulary terms; found by code or name from the meeting, visit and pledge admins."""

    list_display = ("code", "name", "vocabulary")
    list_filter = ("vocabulary",)
    search_fields = ("code", "name")


class IndicatorTargetInline(admin.TabularInline):
    """Yearly targets that differ from the indicator's default."""

    model = IndicatorTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Indicators with their yearly targets inline."""

    list_display = ("code", "name", "unit", "source", "yearly_target")
    list_filter = ("source",)
    search_fields = ("code", "name")
    inlines = (IndicatorTargetInline,)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Monthly values of the indicators entered by hand (month = first day of the month)."""

    list_display = ("indicator", "month", "value", "note")
    list_filter = ("indicator",)
    search_fields = ("indicator__code", "indicator__name", "note")
    date_hierarchy = "month"
    autocomplete_fields = ("indicator",)
    list_select_related = ("indicator",)

"""Admin for the reference data: M49 regions, Member States and organizations."""

from __future__ import annotations

from django.contrib import admin

from engagement.models import MemberState, Organization, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """M49 regions and sub-regions."""

    list_display = ("name", "m49", "parent")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "m49")
    list_select_related = ("parent",)


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    """Member and observer States; other admins find them by ISO3 code or name."""

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

"""Admin for accounts (Django's user admin plus role and State) and contacts."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from engagement.models import Contact, User

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

"""Admin for the key performance indicators, their yearly targets and monthly values."""

from __future__ import annotations

from django.contrib import admin

from engagement.models import Indicator, IndicatorTarget, IndicatorValue


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

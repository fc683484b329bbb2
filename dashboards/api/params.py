"""Query parameters of the dashboard endpoints, validated into plain values (400 names the parameter)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dashboards.selectors.dashboard import PLEDGE_GROUPINGS
from dashboards.selectors.kpis import add_months, month_start
from dashboards.selectors.reporting import REPORTING_GROUPINGS
from engagement.choices import REPORT_YEARS

FIRST_YEAR, LAST_YEAR = REPORT_YEARS[0], REPORT_YEARS[-1]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
KPI_DEFAULT_MONTHS = 12
KPI_MAX_MONTHS = 36


def current_year() -> int:
    return timezone.localdate().year


def year_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, default=current_year, help_text=_("Default: this year.")
    )


class SummaryParams(serializers.Serializer):
    """`?year=` of the summary."""

    year = year_field()


class PledgeBreakdownParams(serializers.Serializer):
    """`?group_by=` of the pledge breakdown."""

    group_by = serializers.ChoiceField(choices=list(PLEDGE_GROUPINGS), default="region")


class ReportingParams(serializers.Serializer):
    """`?year=&group_by=` of the reporting rates."""

    year = year_field()
    group_by = serializers.ChoiceField(choices=list(REPORTING_GROUPINGS), default="member_state")


class MonthField(serializers.CharField):
    """A `YYYY-MM` month, returned as the date of its first day."""

    default_error_messages = {"invalid": _("Give a month as YYYY-MM.")}

    def to_internal_value(self, data) -> dt.date:
        text = super().to_internal_value(data)
        if not re.fullmatch(MONTH_PATTERN, text):
            self.fail("invalid")
        year, month = (int(part) for part in text.split("-"))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise serializers.ValidationError(_("Give a month between 2000 and 2100."))
        return dt.date(year, month, 1)


class KpiParams(serializers.Serializer):
    """`?from=YYYY-MM&to=YYYY-MM`: at most 36 months; by default the 12 months ending with this one."""

    def get_fields(self):
        # `from` is a Python keyword, so the fields cannot be declared as class attributes.
        return {"from": MonthField(required=False), "to": MonthField(required=False)}

    def validate(self, attrs):
        first, last = attrs.get("from"), attrs.get("to")
        if last is None:
            # Alone, `from` opens a 12-month window; with neither, the window ends this month.
            last = add_months(first, KPI_DEFAULT_MONTHS - 1) if first else month_start(timezone.localdate())
        if first is None:
            first = add_months(last, 1 - KPI_DEFAULT_MONTHS)
        if first > last:
            raise serializers.ValidationError({"to": [_("The last month comes on or after the first.")]})
        if add_months(first, KPI_MAX_MONTHS) <= last:
            raise serializers.ValidationError(
                {"to": [_("Ask for at most %(months)d months.") % {"months": KPI_MAX_MONTHS}]}
            )
        return {"first_month": first, "last_month": last}

"""FilterSets of the visits API."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from engagement.api.filters import Iso3Filter
from visits.choices import VisitKind, VisitStatus
from visits.models import CountryVisit


class YearFilter(django_filters.NumberFilter):
    """A calendar year as a whole number; 0 or 0.5 is a 400, not a date the database cannot form."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class CountryVisitFilterSet(django_filters.FilterSet):
    """Filters of `visits/`: `year` is the year the visit starts."""

    member_state = Iso3Filter()
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices)
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices)
    year = YearFilter(field_name="start_date", lookup_expr="year", label=_("year"))

    class Meta:
        model = CountryVisit
        fields = ["member_state", "kind", "status", "year", "owner"]

"""FilterSets of the visits API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from engagement.api.filters import Iso3Filter
from visits.choices import VisitKind, VisitStatus
from visits.models import CountryVisit


class CountryVisitFilterSet(django_filters.FilterSet):
    """Filters of `visits/`: `year` is the year the visit starts."""

    member_state = Iso3Filter()
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices)
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices)
    year = django_filters.NumberFilter(field_name="start_date", lookup_expr="year", label=_("year"))

    class Meta:
        model = CountryVisit
        fields = ["member_state", "kind", "status", "year", "owner"]

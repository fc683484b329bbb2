"""Filter sets of the pledges API; every filter is a database condition, never a Python loop."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.api.filters import Iso3Filter, RegionFilter
from pledges.choices import LatestVerification, PledgeArea, PledgeOrigin, PledgeStatus, SignatoryLevel
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from pledges.selectors import (
    pledges_by_latest_verification,
    pledges_with_missed_cycles,
    smart_gap_condition,
    stale_condition,
)


class FormOnceFilterSet(django_filters.FilterSet):
    """A filter set whose form class is built once per class: django-filter builds one per request.

    The form's fields depend only on the filters, which are the same for every request (no
    filter here takes its choices from the request); each form still copies its own fields.
    """

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class


class PledgeFilterSet(FormOnceFilterSet):
    """Filters of `pledges/` and `public/pledges/`."""

    member_state = Iso3Filter()
    region = RegionFilter(field_name="member_state__region", label=_("Region, by name or M49 code"))
    subregion = RegionFilter(field_name="member_state__subregion", label=_("Sub-region, by name or M49 code"))
    status = django_filters.ChoiceFilter(choices=PledgeStatus.choices)
    origin = django_filters.ChoiceFilter(choices=PledgeOrigin.choices)
    area = django_filters.ChoiceFilter(choices=PledgeArea.choices)
    sdg_target = django_filters.CharFilter(field_name="sdg_targets__code", label=_("SDG target code"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Next report past due"))
    smart = django_filters.BooleanFilter(method="filter_smart", label=_("No SMART gaps"))
    stale = django_filters.BooleanFilter(method="filter_stale", label=_("Too many report cycles missed"))
    verification = django_filters.ChoiceFilter(
        choices=LatestVerification.choices,
        method="filter_verification",
        label=_(
            "The latest progress report's verdict: unverified, verified or disputed; "
            "none for a pledge with no report yet. Matches only pledges whose reports the caller may read."
        ),
    )

    class Meta:
        model = Pledge
        fields = ["member_state", "region", "subregion", "status", "origin", "area", "sdg_target"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.overdue(today) if value else queryset.not_overdue(today)

    def filter_smart(self, queryset, name, value):
        has_gap = smart_gap_condition(timezone.localdate())
        return queryset.exclude(has_gap) if value else queryset.filter(has_gap)

    def filter_stale(self, queryset, name, value):
        annotated = pledges_with_missed_cycles(queryset, timezone.localdate())
        return annotated.filter(stale_condition()) if value else annotated.exclude(stale_condition())

    def filter_verification(self, queryset, name, value):
        return pledges_by_latest_verification(queryset, value, self.request.user)


class PublicPledgeFilterSet(PledgeFilterSet):
    """Filters of `public/pledges/`: the open feed carries no report trail to filter on."""

    verification = None


class CtaEndorsementFilterSet(django_filters.FilterSet):
    """Filters of `cta-endorsements/`."""

    member_state = Iso3Filter()
    signatory_level = django_filters.ChoiceFilter(choices=SignatoryLevel.choices)

    class Meta:
        model = CtaEndorsement
        fields = ["member_state", "signatory_level"]


class AllianceMembershipFilterSet(django_filters.FilterSet):
    """Filters of `alliance-memberships/`."""

    member_state = Iso3Filter()

    class Meta:
        model = AllianceMembership
        fields = ["member_state", "status", "national_plan_status"]

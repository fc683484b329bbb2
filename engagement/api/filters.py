"""FilterSets of the engagement API: Member States by ISO3 code, vocabularies by term code."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from engagement.models import Contact, MemberState, Organization, User, VnrEngagement


class Iso3Filter(django_filters.ModelChoiceFilter):
    """`?member_state=KEN`: an unknown code is a 400 naming the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", MemberState.objects.all())
        kwargs.setdefault("to_field_name", "iso3")
        super().__init__(*args, **kwargs)


class RegionFilter(django_filters.CharFilter):
    """A region or sub-region given by name (`Africa`) or by M49 code (`002`)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(
            Q(**{f"{self.field_name}__name__iexact": value}) | Q(**{f"{self.field_name}__m49": value})
        )


class MemberStateFilterSet(django_filters.FilterSet):
    """Filters of `member-states/`."""

    region = RegionFilter(field_name="region")
    subregion = RegionFilter(field_name="subregion")
    alliance_member = django_filters.BooleanFilter()
    cta_endorsed = django_filters.BooleanFilter()

    class Meta:
        model = MemberState
        fields = ["region", "subregion", "alliance_member", "cta_endorsed", "is_un_member"]


class OrganizationFilterSet(django_filters.FilterSet):
    """Filters of `organizations/`."""

    member_state = Iso3Filter(field_name="member_states", distinct=True)

    class Meta:
        model = Organization
        fields = ["kind", "member_state"]


class UserFilterSet(django_filters.FilterSet):
    """Filters of `users/`."""

    member_state = Iso3Filter()

    class Meta:
        model = User
        fields = ["role", "member_state", "is_active", "language"]


class ContactFilterSet(django_filters.FilterSet):
    """Filters of `contacts/`."""

    member_state = Iso3Filter()

    class Meta:
        model = Contact
        fields = ["member_state", "organization", "is_focal_point"]


class VnrEngagementFilterSet(django_filters.FilterSet):
    """Filters of `vnr-engagements/`."""

    member_state = Iso3Filter()

    class Meta:
        model = VnrEngagement
        fields = ["hlpf_year", "member_state", "organization"]


# `?search=` for every list: DRF's search, refusing text no database column can hold.
MAX_SEARCH_LENGTH = 200


class SearchFilter(filters.SearchFilter):
    """A NUL byte or an over-long search is a 400 naming `search`, before any query runs."""

    def get_search_terms(self, request):
        text = request.query_params.get(self.search_param, "")
        if "\x00" in text:
            raise ValidationError({self.search_param: [_("Search text cannot contain NUL characters.")]})
        if len(text) > MAX_SEARCH_LENGTH:
            message = _("Search text is limited to %(n)d characters.") % {"n": MAX_SEARCH_LENGTH}
            raise ValidationError({self.search_param: [message]})
        return super().get_search_terms(request)

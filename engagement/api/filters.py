"""FilterSets of the engagement API: Member States by ISO3 code, vocabularies by term code."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.choices import FollowUpStatus, MeetingKind, ReminderRule, ReminderStatus, Vocabulary
from engagement.models import (
    Contact,
    FollowUpAction,
    Meeting,
    MemberState,
    Organization,
    Reminder,
    Term,
    User,
    VnrEngagement,
)


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


class MeetingFilterSet(django_filters.FilterSet):
    """Filters of `meetings/`: `date_after`/`date_before` are inclusive, `topic` a theme code."""

    member_state = Iso3Filter(field_name="member_states", distinct=True)
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices)
    date = django_filters.DateFromToRangeFilter()
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="code",
        queryset=Term.objects.filter(vocabulary=Vocabulary.THEME),
        distinct=True,
        label=_("topic (theme code)"),
    )

    class Meta:
        model = Meeting
        fields = ["member_state", "kind", "mode", "level", "date", "topic", "chatham_house", "visit"]


class VnrEngagementFilterSet(django_filters.FilterSet):
    """Filters of `vnr-engagements/`."""

    member_state = Iso3Filter()

    class Meta:
        model = VnrEngagement
        fields = ["hlpf_year", "member_state", "organization"]


class FollowUpFilterSet(django_filters.FilterSet):
    """Filters of `follow-ups/`: `overdue=true` is open and past its due date."""

    status = django_filters.ChoiceFilter(choices=FollowUpStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))

    class Meta:
        model = FollowUpAction
        fields = ["assignee", "status", "overdue", "meeting", "visit", "pledge"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=FollowUpStatus.OPEN, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ReminderFilterSet(django_filters.FilterSet):
    """Filters of `reminders/`: `kind` is the reminder rule."""

    kind = django_filters.ChoiceFilter(field_name="rule", choices=ReminderRule.choices)
    status = django_filters.ChoiceFilter(choices=ReminderStatus.choices)

    class Meta:
        model = Reminder
        fields = ["kind", "status", "due_date"]

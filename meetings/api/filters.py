"""Filter sets of the meetings and follow-up API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.api.filters import Iso3Filter
from engagement.choices import Vocabulary
from engagement.models import Term
from meetings.choices import FollowUpStatus, MeetingKind
from meetings.models import FollowUpAction, Meeting


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

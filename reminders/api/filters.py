"""Filter set of the reminder log API."""

from __future__ import annotations

import django_filters

from reminders.choices import ReminderRule, ReminderStatus
from reminders.models import Reminder


class ReminderFilterSet(django_filters.FilterSet):
    """Filters of `reminders/`: `kind` is the reminder rule."""

    kind = django_filters.ChoiceFilter(field_name="rule", choices=ReminderRule.choices)
    status = django_filters.ChoiceFilter(choices=ReminderStatus.choices)

    class Meta:
        model = Reminder
        fields = ["kind", "status", "due_date"]

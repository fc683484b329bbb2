"""The reminder log: staff read all of it, everyone else the reminders sent to them."""

from __future__ import annotations

from engagement.api.viewsets import ReadOnlyViewSet
from reminders.api.filters import ReminderFilterSet
from reminders.api.serializers import ReminderSerializer
from reminders.models import Reminder


class ReminderViewSet(ReadOnlyViewSet):
    """Read-only: reminders are written by the reminder sweep, never through the API."""

    queryset = Reminder.objects.select_related("recipient")
    serializer_class = ReminderSerializer
    filterset_class = ReminderFilterSet
    search_fields = ["subject", "recipient_email"]
    ordering_fields = ["created_at", "due_date", "sent_at", "status"]

"""The reminder log: staff read all of it, everyone else the reminders sent to them."""

from __future__ import annotations

from engagement.api.filters import ReminderFilterSet
from engagement.api.serializers.reminders import ReminderSerializer
from engagement.api.viewsets import ReadOnlyViewSet
from engagement.models import Reminder


class ReminderViewSet(ReadOnlyViewSet):
    """Read-only: reminders are written by the reminder sweep, never through the API."""

    queryset = Reminder.objects.select_related("recipient")
    serializer_class = ReminderSerializer
    filterset_class = ReminderFilterSet
    search_fields = ["subject", "recipient_email"]
    ordering_fields = ["created_at", "due_date", "sent_at", "status"]

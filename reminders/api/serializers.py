"""The reminder log, read-only."""

from __future__ import annotations

from rest_framework import serializers

from reminders.models import Reminder


class ReminderSerializer(serializers.ModelSerializer):
    """One reminder sent (or due): `kind` is its rule, `recipient` the user name."""

    kind = serializers.CharField(source="rule", read_only=True)
    recipient = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "recipient",
            "recipient_email",
            "subject",
            "due_date",
            "sent_at",
            "status",
            "tries",
            "last_error",
        ]
        read_only_fields = fields

"""Follow-up actions: a staff member's task on a meeting, a visit or a pledge."""

from __future__ import annotations

from rest_framework import serializers

from engagement.api.serializers.fields import StaffOnlyFieldsMixin
from engagement.models import FollowUpAction, User


def staff_accounts():
    return User.objects.staff()


class FollowUpSerializer(StaffOnlyFieldsMixin, serializers.ModelSerializer):
    """A follow-up; `closed_on` is set by the service when the status leaves `open`."""

    staff_only_fields = ("notes",)
    assignee = serializers.PrimaryKeyRelatedField(queryset=staff_accounts())

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "title",
            "due_date",
            "status",
            "assignee",
            "meeting",
            "visit",
            "pledge",
            "notes",
            "closed_on",
            "created_at",
        ]
        read_only_fields = ["closed_on", "created_at"]
        # Rules spanning fields (one parent at most, closed_on) are the service's to check.
        validators = []


class MeetingFollowUpSerializer(serializers.ModelSerializer):
    """A follow-up as written inside a new meeting: what, when, who."""

    assignee = serializers.PrimaryKeyRelatedField(queryset=staff_accounts())

    class Meta:
        model = FollowUpAction
        fields = ["id", "title", "due_date", "status", "assignee"]
        read_only_fields = ["id", "status"]

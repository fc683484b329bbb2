"""API serializers of meetings and follow-up actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from engagement.api.serializers import Iso3Field, StaffOnlyFieldsMixin, TermCodesField
from engagement.choices import Vocabulary
from engagement.models import User
from meetings.models import FollowUpAction, Meeting


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


class MeetingSerializer(StaffOnlyFieldsMixin, serializers.ModelSerializer):
    """A logged meeting; States by ISO3, topics by theme code, follow-ups nested on creation."""

    staff_only_fields = ("notes",)
    member_states = Iso3Field(many=True, required=False)
    topics = TermCodesField(vocabulary=Vocabulary.THEME, many=True, required=False)
    follow_ups = MeetingFollowUpSerializer(many=True, required=False)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "date",
            "title",
            "kind",
            "mode",
            "level",
            "member_states",
            "organizations",
            "topics",
            "visit",
            "pledges",
            "summary",
            "notes",
            "chatham_house",
            "children_engaged",
            "follow_ups",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"organizations": {"required": False}, "pledges": {"required": False}}

    def validate_follow_ups(self, value):
        if self.instance is not None:
            raise serializers.ValidationError(_("Change follow-ups through the follow-ups endpoint."))
        return value

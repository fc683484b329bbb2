"""Meetings: confidential `notes` are absent for every caller but staff."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from engagement.api.serializers.fields import Iso3Field, StaffOnlyFieldsMixin, TermCodesField
from engagement.api.serializers.followups import MeetingFollowUpSerializer
from engagement.choices import Vocabulary
from engagement.models import Meeting


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

"""Contacts: people at States and organizations, confidential to staff."""

from __future__ import annotations

from rest_framework import serializers

from engagement.api.serializers.fields import Iso3Field
from engagement.models import Contact


class ContactSerializer(serializers.ModelSerializer):
    """A person at a State (ISO3) or an organization (id); `user` links a focal point's account."""

    member_state = Iso3Field(allow_null=True, required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "position",
            "member_state",
            "organization",
            "email",
            "phone",
            "is_focal_point",
            "user",
            "notes",
        ]

"""Organizations: UN entities, regional organizations, civil society and the other stakeholders."""

from __future__ import annotations

from rest_framework import serializers

from engagement.api.serializers.fields import Iso3Field
from engagement.models import Organization


class OrganizationSerializer(serializers.ModelSerializer):
    """A stakeholder organization; `member_states` lists the ISO3 codes of its members."""

    member_states = Iso3Field(many=True, required=False)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "acronym", "member_states", "website"]

"""Member States as the API shows them: reference data, read-only."""

from __future__ import annotations

from rest_framework import serializers

from engagement.models import MemberState


class MemberStateSerializer(serializers.ModelSerializer):
    """A State by ISO3, with its region names and its Bogota and Alliance commitments."""

    region = serializers.CharField(source="region.name", read_only=True)
    subregion = serializers.CharField(source="subregion.name", read_only=True)
    # Annotated by MemberStateQuerySet.with_commitment_flags().
    alliance_member = serializers.BooleanField(read_only=True)
    cta_endorsed = serializers.BooleanField(read_only=True)

    class Meta:
        model = MemberState
        fields = [
            "iso3",
            "m49",
            "name",
            "region",
            "subregion",
            "is_un_member",
            "alliance_member",
            "cta_endorsed",
        ]
        read_only_fields = fields

"""VNR engagements: one presenter (a State or an organization) in one HLPF year."""

from __future__ import annotations

from rest_framework import serializers

from engagement.api.serializers.fields import Iso3Field, StaffOnlyFieldsMixin
from engagement.models import VNR_STAGES, VnrEngagement


class VnrEngagementSerializer(StaffOnlyFieldsMixin, serializers.ModelSerializer):
    """A presenter's outreach stages; exactly one of `member_state` and `organization`."""

    staff_only_fields = ("notes",)
    member_state = Iso3Field(allow_null=True, required=False)
    presenter = serializers.CharField(read_only=True)

    class Meta:
        model = VnrEngagement
        fields = ["id", "hlpf_year", "member_state", "organization", "presenter", *VNR_STAGES, "notes"]
        # Exactly-one and duplicate rules are the service's: 400 naming the field, 409 for a duplicate.
        validators = []


class VnrStageSerializer(serializers.Serializer):
    """Input of the stage action: reached or not."""

    done = serializers.BooleanField()

"""Country visits as the API shows them: State by ISO3, sites nested, stakeholders by code."""

from __future__ import annotations

from rest_framework import serializers

from engagement.api.serializers import Iso3Field, TermCodesField
from engagement.choices import Vocabulary
from engagement.models import User
from visits.models import CountryVisit, VisitSite


class VisitSiteSerializer(serializers.ModelSerializer):
    """A place seen during the visit."""

    class Meta:
        model = VisitSite
        fields = ["name", "kind", "location"]


class CountryVisitSerializer(serializers.ModelSerializer):
    """A visit; `sites` and `stakeholder_categories` are written with it, `meetings` and `pledges` not."""

    member_state = Iso3Field()
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.staff(), allow_null=True, required=False)
    sites = VisitSiteSerializer(many=True, required=False)
    stakeholder_categories = TermCodesField(
        vocabulary=Vocabulary.STAKEHOLDER_CATEGORY, many=True, required=False
    )
    meetings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    pledges = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CountryVisit
        fields = [
            "id",
            "member_state",
            "start_date",
            "end_date",
            "kind",
            "status",
            "objectives",
            "summary",
            "children_met",
            "owner",
            "sites",
            "stakeholder_categories",
            "meetings",
            "pledges",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Date order and staff owner are the service's rules (visits.services), written once.
        validators = []

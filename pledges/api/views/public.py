"""`public/pledges/`: the open feed of public pledges, for anyone, no sign-in."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from engagement.api.throttling import AnonThrottle
from engagement.api.viewsets import CSVStreamingMixin
from pledges.api.filters import PledgeFilterSet
from pledges.api.serializers import PublicPledgeSerializer
from pledges.api.views.pledges import PledgeContextMixin
from pledges.selectors import public_pledges

NOT_FOUND = OpenApiResponse(description="No such public pledge.")
THROTTLED = OpenApiResponse(description="Too many requests from this address.")


@extend_schema_view(
    list=extend_schema(
        summary="Public pledges",
        auth=[],
        responses={200: PublicPledgeSerializer(many=True), 429: THROTTLED},
    ),
    retrieve=extend_schema(
        summary="One public pledge",
        auth=[],
        responses={200: PublicPledgeSerializer, 404: NOT_FOUND, 429: THROTTLED},
    ),
)
class PublicPledgeViewSet(PledgeContextMixin, CSVStreamingMixin, viewsets.ReadOnlyModelViewSet):
    """Public pledges without internal fields; `?format=csv` for the whole filtered list."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle]
    serializer_class = PublicPledgeSerializer
    filterset_class = PledgeFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["made_on", "target_date", "next_report_due", "progress"]
    csv_filename = "public-pledges"
    # Open data must re-import unchanged through the admin importer: no formula defusing here.
    csv_defuse_formulas = False

    def get_queryset(self):
        return public_pledges()

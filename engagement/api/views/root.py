"""GET /api/v1/: where each resource lives, for integrators exploring the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# The collections of the contract, in its order (paths under /api/v1/).
COLLECTIONS = (
    "member-states",
    "organizations",
    "users",
    "contacts",
    "meetings",
    "visits",
    "vnr-engagements",
    "cta-endorsements",
    "alliance-memberships",
    "pledges",
    "follow-ups",
    "reminders",
    "dashboard/summary",
    "dashboard/pledges",
    "dashboard/kpis",
    "dashboard/reporting",
    "public/pledges",
    "auth/token",
)


class ApiRootView(APIView):
    """Links to every collection; open to anyone, since each link enforces its own roles."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Links to every collection",
        responses=inline_serializer(
            "ApiRoot", {name: serializers.URLField() for name in (*COLLECTIONS, "schema")}
        ),
    )
    def get(self, request):
        base = reverse("api-root", request=request)
        links = {name: f"{base}{name}/" for name in COLLECTIONS}
        links["schema"] = reverse("schema", request=request)
        return Response(links)

"""Organizations: every signed-in caller reads them, staff write."""

from __future__ import annotations

from rest_framework import viewsets

from engagement.api.filters import OrganizationFilterSet
from engagement.api.serializers.organizations import OrganizationSerializer
from engagement.api.viewsets import CSVStreamingMixin
from engagement.models import Organization


class OrganizationViewSet(CSVStreamingMixin, viewsets.ModelViewSet):
    """Stakeholder organizations, with the ISO3 codes of their member States.

    Reference data: every signed-in role reads all of it (RolePermission turns anonymous away),
    so there is no scope to apply.
    """

    queryset = Organization.objects.prefetch_related("member_states")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "acronym", "kind"]

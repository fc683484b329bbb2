"""Country visits: staff write; viewers read all, a focal point its own State's."""

from __future__ import annotations

from engagement.api.exceptions import Conflict
from engagement.api.viewsets import ModelViewSet
from visits.api.filters import CountryVisitFilterSet
from visits.api.serializers import CountryVisitSerializer
from visits.models import CountryVisit
from visits.services import VisitProtected, visit_create, visit_delete, visit_update


class CountryVisitViewSet(ModelViewSet):
    """Visits with their sites; scope comes from CountryVisitQuerySet.visible_to."""

    queryset = CountryVisit.objects.select_related("member_state").prefetch_related(
        "sites", "stakeholder_categories", "meetings", "pledges"
    )
    serializer_class = CountryVisitSerializer
    filterset_class = CountryVisitFilterSet
    search_fields = ["member_state__name", "member_state__iso3", "objectives"]
    ordering_fields = ["start_date", "end_date", "status"]

    def perform_create(self, serializer):
        serializer.instance = visit_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = visit_update(
            visit=serializer.instance, data=serializer.validated_data, by=self.request.user
        )

    def perform_destroy(self, instance):
        try:
            visit_delete(visit=instance, by=self.request.user)
        except VisitProtected as error:
            raise Conflict(str(error)) from error

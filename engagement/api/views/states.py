"""Member States: reference data every signed-in caller reads."""

from __future__ import annotations

from engagement.api.filters import MemberStateFilterSet
from engagement.api.serializers.states import MemberStateSerializer
from engagement.api.viewsets import ReadOnlyViewSet
from engagement.models import MemberState


class MemberStateViewSet(ReadOnlyViewSet):
    """The 193 Member States and two observer States, by ISO3 code, with their commitment flags."""

    queryset = MemberState.objects.select_related("region", "subregion")
    serializer_class = MemberStateSerializer
    filterset_class = MemberStateFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"
    search_fields = ["name", "iso3"]
    ordering_fields = ["name", "iso3", "m49"]

    def get_queryset(self):
        return super().get_queryset().with_commitment_flags(self.request.user)

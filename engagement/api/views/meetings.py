"""Meetings: staff write, viewers read (without the confidential notes), focal points see none."""

from __future__ import annotations

from engagement.api.filters import MeetingFilterSet
from engagement.api.serializers.meetings import MeetingSerializer
from engagement.api.viewsets import ModelViewSet
from engagement.models import Meeting
from engagement.services.meetings import meeting_create, meeting_update


class MeetingViewSet(ModelViewSet):
    """The office's log of meetings; scope comes from MeetingQuerySet.visible_to."""

    queryset = Meeting.objects.prefetch_related(
        "member_states", "organizations", "topics", "pledges", "follow_ups"
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    search_fields = ["title", "summary"]
    ordering_fields = ["date", "title", "children_engaged"]

    def perform_create(self, serializer):
        serializer.instance = meeting_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = meeting_update(
            meeting=serializer.instance, data=serializer.validated_data, by=self.request.user
        )

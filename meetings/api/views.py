"""Viewsets of meetings and follow-up actions."""

from __future__ import annotations

from engagement.api.viewsets import ModelViewSet
from meetings.api.filters import FollowUpFilterSet, MeetingFilterSet
from meetings.api.serializers import FollowUpSerializer, MeetingSerializer
from meetings.models import FollowUpAction, Meeting
from meetings.services import (
    follow_up_create,
    follow_up_update,
    meeting_create,
    meeting_delete,
    meeting_update,
)


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

    def perform_destroy(self, instance):
        meeting_delete(meeting=instance, by=self.request.user)


class FollowUpViewSet(ModelViewSet):
    """Tasks for staff; changing `status` away from `open` closes the action (sets `closed_on`)."""

    queryset = FollowUpAction.objects.all()
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    search_fields = ["title"]
    ordering_fields = ["due_date", "status", "created_at"]

    def perform_create(self, serializer):
        serializer.instance = follow_up_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = follow_up_update(
            follow_up=serializer.instance, data=serializer.validated_data, by=self.request.user
        )

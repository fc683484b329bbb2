"""Follow-up actions: staff write, viewers read."""

from __future__ import annotations

from engagement.api.filters import FollowUpFilterSet
from engagement.api.serializers.followups import FollowUpSerializer
from engagement.api.viewsets import ModelViewSet
from engagement.models import FollowUpAction
from engagement.services.followups import follow_up_create, follow_up_update


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

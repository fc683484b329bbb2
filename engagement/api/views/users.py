"""Accounts: staff open, change and deactivate them; there is no delete (405)."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from engagement.api.filters import UserFilterSet
from engagement.api.permissions import StaffOnly
from engagement.api.serializers.users import UserSerializer
from engagement.api.viewsets import CSVStreamingMixin, ScopedMixin
from engagement.models import User
from engagement.services.users import user_create, user_update


class UserViewSet(
    ScopedMixin,
    CSVStreamingMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff only. `PATCH {"is_active": false}` deactivates an account and revokes its tokens."""

    queryset = User.objects.select_related("member_state").order_by("username")
    serializer_class = UserSerializer
    permission_classes = [StaffOnly]
    filterset_class = UserFilterSet
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "date_joined", "last_login"]

    def perform_create(self, serializer):
        serializer.instance = user_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = user_update(user=serializer.instance, data=serializer.validated_data)

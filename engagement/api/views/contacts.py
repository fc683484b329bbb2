"""Contacts: confidential, staff only for reading and writing."""

from __future__ import annotations

from engagement.api.filters import ContactFilterSet
from engagement.api.permissions import StaffOnly
from engagement.api.serializers.contacts import ContactSerializer
from engagement.api.viewsets import ModelViewSet
from engagement.models import Contact


class ContactViewSet(ModelViewSet):
    """People at States and organizations; viewers and focal points get 403."""

    queryset = Contact.objects.select_related("member_state")
    serializer_class = ContactSerializer
    permission_classes = [StaffOnly]
    filterset_class = ContactFilterSet
    search_fields = ["name", "position", "email"]
    ordering_fields = ["name"]

"""`cta-endorsements/` and `alliance-memberships/` (with their Pathfinding milestones)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from engagement.api.viewsets import ModelViewSet
from engagement.choices import Role
from pledges.api.exceptions import Conflict
from pledges.api.filters import AllianceMembershipFilterSet, CtaEndorsementFilterSet
from pledges.api.serializers import (
    AllianceMembershipSerializer,
    CtaEndorsementSerializer,
    MilestoneTickSerializer,
)
from pledges.choices import Milestone
from pledges.models import AllianceMembership, CtaEndorsement
from pledges.services import membership_milestone_tick

ERRORS = {
    400: OpenApiResponse(description="Invalid input: `{field: [message]}`."),
    401: OpenApiResponse(description="No credentials."),
    403: OpenApiResponse(description="The role may not do this (writes are for staff)."),
    404: OpenApiResponse(description="Not found in the caller's scope."),
    409: OpenApiResponse(description="The Member State already has one."),
}


def _crud_schema(serializer, noun: str):
    return extend_schema_view(
        list=extend_schema(responses={200: serializer(many=True), 401: ERRORS[401]}),
        retrieve=extend_schema(responses={200: serializer, 401: ERRORS[401], 404: ERRORS[404]}),
        create=extend_schema(summary=f"Record {noun} (staff)", responses={201: serializer, **ERRORS}),
        update=extend_schema(summary=f"Replace {noun} (staff)", responses={200: serializer, **ERRORS}),
        partial_update=extend_schema(summary=f"Edit {noun} (staff)", responses={200: serializer, **ERRORS}),
        destroy=extend_schema(summary=f"Delete {noun} (staff)", responses={204: None, **ERRORS}),
    )


class OnePerStateMixin:
    """A second record for the same Member State is a 409 that says so."""

    conflict_message = _("This Member State already has one.")

    def perform_create(self, serializer):
        self._save_once_per_state(serializer)

    def perform_update(self, serializer):
        self._save_once_per_state(serializer)

    def _save_once_per_state(self, serializer) -> None:
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError as error:
            raise Conflict(self.conflict_message) from error


@_crud_schema(CtaEndorsementSerializer, "an endorsement")
class CtaEndorsementViewSet(OnePerStateMixin, ModelViewSet):
    """Endorsements of the Bogota Call to Action, one per State."""

    queryset = CtaEndorsement.objects.select_related("member_state")
    serializer_class = CtaEndorsementSerializer
    filterset_class = CtaEndorsementFilterSet
    search_fields = ["member_state__name", "signatory"]
    ordering_fields = ["endorsed_on"]
    conflict_message = _("This Member State has already endorsed the Call to Action.")


@_crud_schema(AllianceMembershipSerializer, "a membership")
class AllianceMembershipViewSet(OnePerStateMixin, ModelViewSet):
    """Pathfinding Global Alliance memberships, one per State, with their five milestones."""

    queryset = AllianceMembership.objects.select_related("member_state").prefetch_related("milestones")
    serializer_class = AllianceMembershipSerializer
    filterset_class = AllianceMembershipFilterSet
    search_fields = ["member_state__name", "focal_point"]
    ordering_fields = ["joined_on"]
    conflict_message = _("This Member State is already a member of the Alliance.")

    @property
    def writer_roles(self) -> tuple[str, ...]:
        # A State's focal point ticks its own milestones; the scoped queryset keeps it to its own.
        if self.action == "milestone":
            return (Role.STAFF, Role.FOCAL_POINT)
        return (Role.STAFF,)

    @extend_schema(
        summary="Mark a Pathfinding milestone done",
        description="Staff, or the State's focal point. Codes: " + ", ".join(Milestone.values) + ".",
        request=MilestoneTickSerializer,
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, enum=Milestone.values)],
        responses={200: AllianceMembershipSerializer, **ERRORS},
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<code>[^/.]+)", filterset_class=None)
    def milestone(self, request, *args, code: str, **kwargs):
        """Record the day one milestone was done."""
        membership = self.get_object()
        if code not in Milestone.values:
            raise NotFound(
                _("Unknown milestone '%(code)s'; use one of: %(codes)s.")
                % {"code": code, "codes": ", ".join(Milestone.values)}
            )
        serializer = MilestoneTickSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership_milestone_tick(
            membership=membership, code=code, done_on=serializer.validated_data["done_on"], by=request.user
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=membership.pk)).data)

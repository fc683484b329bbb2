"""VNR engagements: staff write; viewers read all, a focal point its own State's."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from engagement.api.filters import VnrEngagementFilterSet
from engagement.api.serializers.vnr import VnrEngagementSerializer, VnrStageSerializer
from engagement.api.viewsets import ModelViewSet
from engagement.models import VNR_STAGES, VnrEngagement
from engagement.services.vnr import DUPLICATE, vnr_engagement_create, vnr_engagement_update, vnr_stage_set


class Conflict(APIException):
    """409: the presenter already has an engagement for that HLPF year."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with an existing record.")
    default_code = "conflict"


def _raise_conflict_if_duplicate(error: DjangoValidationError) -> None:
    codes = [item.code for items in getattr(error, "error_dict", {}).values() for item in items]
    if DUPLICATE in codes:
        raise Conflict(as_serializer_error(error)) from error


class VnrEngagementViewSet(ModelViewSet):
    """One presenter per HLPF year; a duplicate presenter and year is a 409."""

    queryset = VnrEngagement.objects.select_related("member_state", "organization")
    serializer_class = VnrEngagementSerializer
    filterset_class = VnrEngagementFilterSet
    search_fields = ["member_state__name", "member_state__iso3", "organization__name"]
    ordering_fields = ["hlpf_year", "id"]

    def perform_create(self, serializer):
        try:
            serializer.instance = vnr_engagement_create(by=self.request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            _raise_conflict_if_duplicate(error)
            raise

    def perform_update(self, serializer):
        try:
            serializer.instance = vnr_engagement_update(
                engagement=serializer.instance, data=serializer.validated_data, by=self.request.user
            )
        except DjangoValidationError as error:
            _raise_conflict_if_duplicate(error)
            raise

    @extend_schema(request=VnrStageSerializer, responses=VnrEngagementSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"stages/(?P<stage>[a-z_]+)",
        serializer_class=VnrStageSerializer,
    )
    def stage(self, request, pk=None, stage=None):
        """Mark one outreach stage reached (`{"done": true}`) or not; the stage is in the path."""
        engagement = self.get_object()
        if stage not in VNR_STAGES:
            return Response(
                {"stage": [_("Unknown VNR stage '%(stage)s'.") % {"stage": stage}]},
                status=status.HTTP_404_NOT_FOUND,
            )
        payload = VnrStageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        vnr_stage_set(
            engagement=engagement, stage=stage, done=payload.validated_data["done"], by=request.user
        )
        return Response(VnrEngagementSerializer(engagement, context=self.get_serializer_context()).data)

"""`pledges/`: the pledge register, with ETags for safe concurrent edits, and its history."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from engagement.api.viewsets import ModelViewSet
from pledges.api.exceptions import Conflict, PreconditionFailed
from pledges.api.filters import PledgeFilterSet
from pledges.api.serializers import HistoryEntrySerializer, PledgeSerializer
from pledges.models import Pledge
from pledges.selectors import (
    etag_matches,
    pledge_etag,
    pledge_history_for,
    pledges_for_display,
    pledges_with_listed_relations,
)
from pledges.services import (
    PledgeHasReports,
    PledgeVersionMismatch,
    pledge_create,
    pledge_delete,
    pledge_update,
)

ERRORS = {
    400: OpenApiResponse(description="Invalid input: `{field: [message]}`."),
    401: OpenApiResponse(description="No credentials."),
    403: OpenApiResponse(description="The role may not do this (writes are for staff)."),
    404: OpenApiResponse(description="No such pledge in the caller's scope."),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The `ETag` of the pledge as last read. Optional: without it the edit is applied "
    "unconditionally (last write wins); with a stale one nothing changes and the answer is 412.",
)
WITH_ETAG = "The pledge; its `ETag` header is the version to send back in `If-Match`."
EDIT_RESPONSES = {
    200: OpenApiResponse(PledgeSerializer, description=WITH_ETAG),
    **ERRORS,
    412: OpenApiResponse(description="`If-Match` does not match the current `ETag`; nothing changed."),
}


def if_match_tags(request) -> list[str] | None:
    """The entity tags of the `If-Match` header, or None without one; weak tags never match."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    return [tag.strip() for tag in header.split(",") if tag.strip() and not tag.strip().startswith("W/")]


class PledgeContextMixin:
    """Serializers read the SMART and report-cycle rules as of one `today` per request."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema_view(
    list=extend_schema(summary="List pledges", responses={200: PledgeSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(
        summary="Read a pledge",
        responses={200: OpenApiResponse(PledgeSerializer, description=WITH_ETAG), **ERRORS},
    ),
    create=extend_schema(
        summary="Record a pledge (staff)",
        description="`next_report_due` starts one `reporting_interval_days` after `made_on` (default today).",
        responses={201: OpenApiResponse(PledgeSerializer, description=WITH_ETAG), **ERRORS},
    ),
    update=extend_schema(summary="Replace a pledge (staff)", parameters=[IF_MATCH], responses=EDIT_RESPONSES),
    partial_update=extend_schema(
        summary="Edit a pledge (staff)", parameters=[IF_MATCH], responses=EDIT_RESPONSES
    ),
    destroy=extend_schema(
        summary="Delete a pledge recorded in error (staff)",
        responses={
            204: None,
            **ERRORS,
            409: OpenApiResponse(description="The pledge has progress reports and cannot be deleted."),
        },
    ),
)
class PledgeViewSet(PledgeContextMixin, ModelViewSet):
    """Pledges in the caller's scope; staff record and edit them, reports move their status."""

    queryset = Pledge.objects.all()
    serializer_class = PledgeSerializer
    filterset_class = PledgeFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["made_on", "target_date", "next_report_due", "progress"]

    def get_queryset(self):
        return pledges_for_display(super().get_queryset(), self.request.user)

    def paginate_queryset(self, queryset):
        if self.action != "list":  # the history pages a list of entries
            return super().paginate_queryset(queryset)
        # A page lists its SDG targets and meetings as plain values; prefetching them as models
        # cost more than the rest of the page's SQL.
        page = super().paginate_queryset(queryset.prefetch_related(None))
        return None if page is None else pledges_with_listed_relations(page, self.request.user)

    def pledge_response(self, pledge: Pledge, status_code: int = status.HTTP_200_OK) -> Response:
        etag = pledge_etag(pledge)
        if status_code == status.HTTP_200_OK and etag_matches(
            etag, self.request.headers.get("If-None-Match", "").split(",")
        ):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.get_serializer(pledge).data, status=status_code, headers={"ETag": etag})

    def retrieve(self, request, *args, **kwargs):
        return self.pledge_response(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pledge = pledge_create(by=request.user, **serializer.validated_data)
        return self.pledge_response(self.get_queryset().get(pk=pledge.pk), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        try:
            pledge = pledge_update(
                pledge=serializer.instance,
                by=request.user,
                changes=serializer.validated_data,
                if_match=if_match_tags(request),
            )
        except PledgeVersionMismatch as error:
            raise PreconditionFailed from error
        return self.pledge_response(self.get_queryset().get(pk=pledge.pk))

    def destroy(self, request, *args, **kwargs):
        try:
            pledge_delete(pledge=self.get_object(), by=request.user)
        except PledgeHasReports as error:
            raise Conflict(
                _("This pledge has progress reports, which are never deleted; withdraw it instead.")
            ) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="A pledge's history",
        filters=False,
        responses={200: HistoryEntrySerializer(many=True), 401: ERRORS[401], 404: ERRORS[404]},
    )
    @action(detail=True, methods=["get"], filterset_class=None, search_fields=[], ordering_fields=[])
    def history(self, request, *args, **kwargs):
        """Every recorded change: who, when, why, and each readable field's old and new value."""
        entries = pledge_history_for(pledge=self.get_object(), user=request.user)
        page = self.paginate_queryset(entries)
        if page is None:
            return Response(HistoryEntrySerializer(entries, many=True).data)
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)

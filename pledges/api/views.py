"""Viewsets of the pledges API: pledges, reports, verifications, endorsements, memberships, public feed."""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from engagement.api.exceptions import Conflict, PreconditionFailed
from engagement.api.throttling import AnonThrottle
from engagement.api.viewsets import CreateListRetrieveViewSet, CSVStreamingMixin, ModelViewSet
from engagement.choices import Role
from pledges.api.exports import LABELLED_FIELDS, PledgeCSVMixin
from pledges.api.filters import (
    AllianceMembershipFilterSet,
    CtaEndorsementFilterSet,
    PledgeFilterSet,
    PublicPledgeFilterSet,
)
from pledges.api.serializers import (
    AllianceMembershipSerializer,
    CtaEndorsementSerializer,
    HistoryEntrySerializer,
    MilestoneTickSerializer,
    PledgeListSerializer,
    PledgeSerializer,
    ProgressReportJSONSerializer,
    ProgressReportSerializer,
    PublicPledgeSerializer,
    ReportVerificationSerializer,
)
from pledges.caching import PUBLIC_CACHING
from pledges.choices import Milestone
from pledges.evidence import evidence_file_response
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport, ReportVerification
from pledges.selectors import (
    etag_matches,
    pledge_etag,
    pledge_history_for,
    pledges_for_display,
    pledges_for_list,
    public_pledges,
    reports_with_verification,
)
from pledges.services import (
    DuplicatePledge,
    DuplicateReport,
    PledgeHasReports,
    PledgeVersionMismatch,
    endorsement_create,
    endorsement_update,
    membership_create,
    membership_milestone_tick,
    membership_update,
    pledge_create,
    pledge_delete,
    pledge_report_progress,
    pledge_update,
    report_verify,
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


DUPLICATE_PLEDGE = OpenApiResponse(
    description="The Member State already has a pledge with this title (case and spacing ignored); "
    'nothing was written. Body: `{"detail": "...", "existing": {"id": 12, "url": "/api/v1/pledges/12/"}}`.'
)


def duplicate_pledge_conflict(error: DuplicatePledge, user) -> Conflict:
    """The 409 for a duplicate pledge, naming the existing one only if `user` may see it."""
    existing = {}
    if Pledge.objects.visible_to(user).filter(pk=error.existing.pk).exists():
        pk = error.existing.pk
        existing = {"existing": {"id": pk, "url": f"{reverse('api-root')}pledges/{pk}/"}}
    return Conflict(error.messages[0], extra=existing)


class AnyMediaTypeRenderer(JSONRenderer):
    """Lets a file download be asked for with any `Accept`; its errors are still JSON."""

    media_type = "*/*"


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
        responses={
            201: OpenApiResponse(PledgeSerializer, description=WITH_ETAG),
            **ERRORS,
            409: DUPLICATE_PLEDGE,
        },
    ),
    update=extend_schema(
        summary="Replace a pledge (staff)",
        parameters=[IF_MATCH],
        responses={**EDIT_RESPONSES, 409: DUPLICATE_PLEDGE},
    ),
    partial_update=extend_schema(
        summary="Edit a pledge (staff)",
        description='Publish a pledge with `{"visibility": "public"}`, take it back with `"internal"`; '
        "the history records either.",
        parameters=[IF_MATCH],
        responses={**EDIT_RESPONSES, 409: DUPLICATE_PLEDGE},
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
class PledgeViewSet(PledgeCSVMixin, PledgeContextMixin, ModelViewSet):
    """Pledges in the caller's scope; staff record and edit them, reports move their status."""

    queryset = Pledge.objects.all()
    serializer_class = PledgeSerializer
    filterset_class = PledgeFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["made_on", "target_date", "next_report_due", "progress"]

    def get_queryset(self):
        if self.action == "list":  # the page and its CSV
            return pledges_for_list(super().get_queryset(), self.request.user)
        return pledges_for_display(super().get_queryset(), self.request.user)

    def get_serializer(self, *args, **kwargs):
        if self.action == "list" and kwargs.get("many"):
            kwargs.setdefault("context", self.get_serializer_context())
            return PledgeListSerializer(*args, **kwargs)
        return super().get_serializer(*args, **kwargs)

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
        try:
            pledge = pledge_create(by=request.user, **serializer.validated_data)
        except DuplicatePledge as error:
            raise duplicate_pledge_conflict(error, request.user) from error
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
        except DuplicatePledge as error:
            raise duplicate_pledge_conflict(error, request.user) from error
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


PLEDGE_ID = OpenApiParameter(
    "pledge_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The pledge's id."
)


REPORT_ID = OpenApiParameter(
    "report_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The report's id."
)


ERRORS = {
    400: OpenApiResponse(
        description="Invalid input or a status the pledge may not take: `{field: [message]}`."
    ),
    401: OpenApiResponse(description="No credentials."),
    404: OpenApiResponse(description="No such pledge or report in the caller's scope."),
}


@extend_schema_view(
    list=extend_schema(
        summary="A pledge's progress reports",
        responses={200: ProgressReportSerializer(many=True), 401: ERRORS[401], 404: ERRORS[404]},
    ),
    retrieve=extend_schema(
        summary="One progress report",
        responses={200: ProgressReportSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary="Report progress on a pledge",
        description="Staff on any pledge, a focal point on its own State's. Sets the pledge's status, "
        "progress, `last_reported_at` and `next_report_due`. Fields other than status, progress, "
        "narrative, evidence_url and evidence_files are ignored.\n\n"
        "Send JSON, or `multipart/form-data` to attach evidence files: `evidence_files` repeated, "
        "up to `EVIDENCE_MAX_FILES` (5) files of at most `EVIDENCE_MAX_FILE_SIZE` (20 MB) each: PDF, "
        "PNG, JPEG, WebP, Word, Excel, PowerPoint, OpenDocument text or spreadsheet. The type is read "
        "from each file's content, not its name; any refused file refuses the whole report (400 "
        '`{"evidence_files": ["..."]}`) and nothing is written.',
        request={
            "application/json": ProgressReportJSONSerializer,
            "multipart/form-data": ProgressReportSerializer,
        },
        responses={
            201: ProgressReportSerializer,
            **ERRORS,
            403: OpenApiResponse(description="Viewers, and focal points on another State's pledge."),
            409: OpenApiResponse(
                description="Identical to the author's latest report on the pledge (status, progress, "
                "narrative and evidence) sent less than 24 hours ago; nothing was written."
            ),
        },
    ),
)
@extend_schema(parameters=[PLEDGE_ID])
class ProgressReportViewSet(CreateListRetrieveViewSet):
    """Progress reports on one pledge; no update or delete (405)."""

    queryset = ProgressReport.objects.select_related("author")
    serializer_class = ProgressReportSerializer
    writer_roles = (Role.STAFF, Role.FOCAL_POINT)
    ordering_fields = ["created_at"]
    search_fields = ["narrative"]

    @cached_property
    def pledge(self) -> Pledge:
        return get_object_or_404(Pledge.objects.visible_to(self.request.user), pk=self.kwargs["pledge_pk"])

    def get_queryset(self):
        reports = super().get_queryset().filter(pledge=self.pledge).prefetch_related("evidence_files")
        return reports_with_verification(reports)

    @extend_schema(
        summary="One evidence file of a progress report",
        description="The file as an attachment, typed as its content was read on upload; served to "
        "those who may read the report (a token or a session).",
        parameters=[OpenApiParameter("file_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        filters=False,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file; `Content-Disposition: attachment`."
            ),
            401: ERRORS[401],
            404: OpenApiResponse(description="No such file, report or pledge in the caller's scope."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<file_pk>\d+)",
        url_name="file",
        renderer_classes=[JSONRenderer, AnyMediaTypeRenderer],
        search_fields=[],
        ordering_fields=[],
    )
    def file(self, request, *args, file_pk: str, **kwargs):
        report = self.get_object()
        return evidence_file_response(get_object_or_404(report.evidence_files.all(), pk=file_pk))

    def create(self, request, *args, **kwargs):
        if not Pledge.objects.reportable_by(request.user).filter(pk=self.pledge.pk).exists():
            raise PermissionDenied(_("You can only report on your own State's pledges."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            report = pledge_report_progress(pledge=self.pledge, by=request.user, **serializer.validated_data)
        except DuplicateReport as error:
            raise Conflict(error.messages[0]) from error
        created = self.get_serializer(self.get_queryset().get(pk=report.pk))
        return Response(created.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Verifications of a progress report",
        responses={200: ReportVerificationSerializer(many=True), 401: ERRORS[401], 404: ERRORS[404]},
    ),
    retrieve=extend_schema(
        summary="One verification",
        responses={200: ReportVerificationSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary="Verify or dispute a progress report (staff)",
        responses={
            201: ReportVerificationSerializer,
            **ERRORS,
            403: OpenApiResponse(description="Only staff verify."),
        },
    ),
)
@extend_schema(parameters=[PLEDGE_ID, REPORT_ID])
class ReportVerificationViewSet(CreateListRetrieveViewSet):
    """Staff verdicts on one progress report; append-only."""

    queryset = ReportVerification.objects.select_related("verified_by")
    serializer_class = ReportVerificationSerializer
    ordering_fields = ["created_at"]

    @cached_property
    def report(self) -> ProgressReport:
        reports = ProgressReport.objects.visible_to(self.request.user).filter(
            pledge__in=Pledge.objects.visible_to(self.request.user), pledge_id=self.kwargs["pledge_pk"]
        )
        return get_object_or_404(reports, pk=self.kwargs["report_pk"])

    def get_queryset(self):
        return super().get_queryset().filter(report=self.report)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification = report_verify(
            report=self.report,
            by=request.user,
            verdict=serializer.validated_data["verdict"],
            note=serializer.validated_data.get("note", ""),
        )
        created = self.get_serializer(self.get_queryset().get(pk=verification.pk))
        return Response(created.data, status=status.HTTP_201_CREATED)


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
    """Writes through the resource's create and update services; a second record for the same
    Member State is a 409 that says so (the service names it; the one-to-one key holds a race)."""

    conflict_message = _("This Member State already has one.")

    def create_service(self, *, by, **fields):
        raise NotImplementedError

    def update_service(self, *, instance, data, by):
        raise NotImplementedError

    def perform_create(self, serializer):
        self._write_once_per_state(
            serializer, lambda: self.create_service(by=self.request.user, **serializer.validated_data)
        )

    def perform_update(self, serializer):
        self._write_once_per_state(
            serializer,
            lambda: self.update_service(
                instance=serializer.instance, data=serializer.validated_data, by=self.request.user
            ),
        )

    def _write_once_per_state(self, serializer, write) -> None:
        try:
            with transaction.atomic():
                serializer.instance = write()
        except DjangoValidationError as error:
            codes = [item.code for items in getattr(error, "error_dict", {}).values() for item in items]
            if "duplicate" in codes:
                raise Conflict(self.conflict_message) from error
            raise
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

    def create_service(self, *, by, **fields):
        return endorsement_create(by=by, **fields)

    def update_service(self, *, instance, data, by):
        return endorsement_update(endorsement=instance, data=data, by=by)


@_crud_schema(AllianceMembershipSerializer, "a membership")
class AllianceMembershipViewSet(OnePerStateMixin, ModelViewSet):
    """Pathfinding Global Alliance memberships, one per State, with their five milestones."""

    queryset = AllianceMembership.objects.select_related("member_state").prefetch_related("milestones")
    serializer_class = AllianceMembershipSerializer
    filterset_class = AllianceMembershipFilterSet
    search_fields = ["member_state__name", "focal_point"]
    ordering_fields = ["joined_on"]
    conflict_message = _("This Member State is already a member of the Alliance.")

    def create_service(self, *, by, **fields):
        return membership_create(by=by, **fields)

    def update_service(self, *, instance, data, by):
        return membership_update(membership=instance, data=data, by=by)

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


NOT_FOUND = OpenApiResponse(description="No such public pledge.")


THROTTLED = OpenApiResponse(description="Too many requests from this address.")


NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the `ETag` sent in `If-None-Match`, or a time in `If-Modified-Since` "
    "not before `Last-Modified`, is still the answer's. Every answer carries `ETag`, `Last-Modified` "
    "and `Cache-Control: public, max-age=300`."
)


@method_decorator(PUBLIC_CACHING, name="list")
@method_decorator(PUBLIC_CACHING, name="retrieve")
@extend_schema_view(
    list=extend_schema(
        summary="Public pledges",
        auth=[],
        responses={200: PublicPledgeSerializer(many=True), 304: NOT_MODIFIED, 429: THROTTLED},
    ),
    retrieve=extend_schema(
        summary="One public pledge",
        auth=[],
        responses={200: PublicPledgeSerializer, 304: NOT_MODIFIED, 404: NOT_FOUND, 429: THROTTLED},
    ),
)
class PublicPledgeViewSet(
    PledgeCSVMixin, PledgeContextMixin, CSVStreamingMixin, viewsets.ReadOnlyModelViewSet
):
    """Public pledges without internal fields; `?format=csv` for the whole filtered list."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonThrottle]
    serializer_class = PublicPledgeSerializer
    filterset_class = PublicPledgeFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["made_on", "target_date", "next_report_due", "progress"]
    csv_filename = "public-pledges"
    # Open data for spreadsheets: a BOM, so Excel reads UTF-8 ("Türkiye"), labels beside codes, and
    # formulas defused like every export (the admin importer restores them: it still re-imports).
    csv_bom = True
    csv_label_fields = LABELLED_FIELDS

    def get_queryset(self):
        return public_pledges()

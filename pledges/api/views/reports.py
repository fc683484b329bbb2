"""`pledges/{id}/reports/` and their `verifications/`: append-only, scoped like their pledge."""

from __future__ import annotations

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from engagement.api.viewsets import CreateListRetrieveViewSet
from engagement.choices import Role
from pledges.api.serializers import ProgressReportSerializer, ReportVerificationSerializer
from pledges.models import Pledge, ProgressReport, ReportVerification
from pledges.selectors import reports_with_verification
from pledges.services import pledge_report_progress, report_verify

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
        "narrative and evidence_url are ignored.",
        responses={
            201: ProgressReportSerializer,
            **ERRORS,
            403: OpenApiResponse(description="Viewers, and focal points on another State's pledge."),
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
        return reports_with_verification(super().get_queryset().filter(pledge=self.pledge))

    def create(self, request, *args, **kwargs):
        if not Pledge.objects.reportable_by(request.user).filter(pk=self.pledge.pk).exists():
            raise PermissionDenied(_("You can only report on your own State's pledges."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = pledge_report_progress(pledge=self.pledge, by=request.user, **serializer.validated_data)
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

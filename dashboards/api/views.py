"""Dashboard and annual-report endpoints: validate the query, call a selector, return its dict."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards.api import serializers as shapes
from dashboards.api.params import (
    FIRST_YEAR,
    LAST_YEAR,
    MONTH_PATTERN,
    KpiParams,
    PledgeBreakdownParams,
    ReportingParams,
    SummaryParams,
)
from dashboards.selectors.annual import annual_report
from dashboards.selectors.dashboard import dashboard_summary, pledge_breakdown
from dashboards.selectors.kpis import kpi_rows
from dashboards.selectors.reporting import reporting_rates
from engagement.choices import Role


class ErrorDetail(serializers.Serializer):
    detail = serializers.CharField()


INVALID_PARAMETERS = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description=_("A parameter is invalid: `{parameter: [messages]}`."),
)
ERRORS = {
    401: OpenApiResponse(ErrorDetail, description=_("No credentials.")),
    403: OpenApiResponse(ErrorDetail, description=_("The caller's role may not read this.")),
}
STAFF_AND_VIEWERS = (Role.STAFF, Role.VIEWER)


class DashboardView(APIView):
    """Base of the read-only aggregate endpoints: JSON only, query validated by `params_class`."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    params_class: type[serializers.Serializer]

    def params(self) -> dict:
        serializer = self.params_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema(
    tags=["dashboards"],
    summary=_("The year at a glance"),
    parameters=[SummaryParams],
    responses={200: shapes.DashboardSummary, 400: INVALID_PARAMETERS, **ERRORS},
)
class DashboardSummaryView(DashboardView):
    """Counts of the year's records and the pledges' health, within what the caller may see."""

    params_class = SummaryParams

    def get(self, request):
        params = self.params()
        return Response(dashboard_summary(user=request.user, year=params["year"], today=timezone.localdate()))


@extend_schema(
    tags=["dashboards"],
    summary=_("Pledges by status, per group"),
    parameters=[PledgeBreakdownParams],
    responses={200: shapes.PledgeBreakdown, 400: INVALID_PARAMETERS, **ERRORS},
)
class PledgeBreakdownView(DashboardView):
    """Visible pledges counted by status per region, area, origin or Member State."""

    params_class = PledgeBreakdownParams

    def get(self, request):
        return Response(pledge_breakdown(user=request.user, group_by=self.params()["group_by"]))


MONTH_SCHEMA = {"type": "string", "pattern": MONTH_PATTERN}


@extend_schema(
    tags=["dashboards"],
    summary=_("Key performance indicators by month"),
    description=_(
        "By default the 12 months ending with this one; `from` alone opens a 12-month window. "
        "`from` may not come after `to` and the range spans at most 36 months (else 400 on `to`). "
        "VNR presenters reached count in July, the month of the HLPF, of their year."
    ),
    parameters=[
        OpenApiParameter("from", MONTH_SCHEMA, description=_("First month, YYYY-MM.")),
        OpenApiParameter("to", MONTH_SCHEMA, description=_("Last month, YYYY-MM (at most 36 months).")),
    ],
    responses={200: shapes.KpiTable, 400: INVALID_PARAMETERS, **ERRORS},
)
class KpiView(DashboardView):
    """One row per indicator per month with its monthly target; staff and viewers only."""

    params_class = KpiParams
    reader_roles = STAFF_AND_VIEWERS

    def get(self, request):
        months = self.params()
        rows = kpi_rows(user=request.user, **months)
        return Response(
            {"from": f"{months['first_month']:%Y-%m}", "to": f"{months['last_month']:%Y-%m}", "results": rows}
        )


@extend_schema(
    tags=["dashboards"],
    summary=_("The year's key achievements"),
    parameters=[
        OpenApiParameter(
            "year",
            {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            location=OpenApiParameter.PATH,
        )
    ],
    responses={
        200: shapes.AnnualReport,
        404: OpenApiResponse(ErrorDetail, description=_("A year outside 2000-2100.")),
        **ERRORS,
    },
)
class AnnualReportView(APIView):
    """The figures of one year and the lists of States behind them; staff and viewers only."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    reader_roles = STAFF_AND_VIEWERS

    def get(self, request, year: int):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise NotFound(_("Annual reports cover the years 2000 to 2100."))
        return Response(annual_report(user=request.user, year=year))


@extend_schema(
    tags=["dashboards"],
    summary=_("Pledge reporting rates"),
    parameters=[ReportingParams],
    responses={200: shapes.ReportingRates, 400: INVALID_PARAMETERS, **ERRORS},
)
class ReportingView(DashboardView):
    """Report cycles due, received and received on time, per State or region and in total."""

    params_class = ReportingParams

    def get(self, request):
        params = self.params()
        return Response(
            reporting_rates(
                user=request.user,
                year=params["year"],
                group_by=params["group_by"],
                today=timezone.localdate(),
            )
        )

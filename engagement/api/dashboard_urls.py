"""URLs of the aggregate endpoints, under /api/v1/."""

from django.urls import path

from engagement.api.dashboards.views import (
    AnnualReportView,
    DashboardSummaryView,
    KpiView,
    PledgeBreakdownView,
    ReportingView,
)

urlpatterns = [
    path("dashboard/summary/", DashboardSummaryView.as_view(), name="api-dashboard-summary"),
    path("dashboard/pledges/", PledgeBreakdownView.as_view(), name="api-dashboard-pledges"),
    path("dashboard/kpis/", KpiView.as_view(), name="api-dashboard-kpis"),
    path("dashboard/reporting/", ReportingView.as_view(), name="api-dashboard-reporting"),
    path("reports/annual/<int:year>/", AnnualReportView.as_view(), name="api-annual-report"),
]

"""API v1 routes of the aggregate endpoints."""

from django.urls import path

from dashboards.api import views

urlpatterns = [
    path("dashboard/summary/", views.DashboardSummaryView.as_view(), name="api-dashboard-summary"),
    path("dashboard/pledges/", views.PledgeBreakdownView.as_view(), name="api-dashboard-pledges"),
    path("dashboard/kpis/", views.KpiView.as_view(), name="api-dashboard-kpis"),
    path("dashboard/reporting/", views.ReportingView.as_view(), name="api-dashboard-reporting"),
    path("reports/annual/<int:year>/", views.AnnualReportView.as_view(), name="api-annual-report"),
]

"""The dashboard, the annual report and the Member State page (reminder e-mails link to /states/<ISO3>/)."""

from django.urls import path

from dashboards import views

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("dashboard/charts/<slug:chart>.csv", views.dashboard_chart_csv, name="dashboard-chart-csv"),
    path("states/<iso3:iso3>/", views.state_detail, name="state-detail"),
    path("reports/annual/", views.annual_report_current, name="annual-report-current"),
    path("reports/annual/<int:year>/", views.annual_report_page, name="annual-report"),
]

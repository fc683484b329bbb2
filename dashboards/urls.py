"""The dashboard, the annual report and the Member State page (reminder e-mails link to /states/<ISO3>/)."""

from django.urls import path

from dashboards.views import briefs, office, public

urlpatterns = [
    path("", office.dashboard, name="home"),
    path("dashboard/charts/<slug:chart>.csv", office.dashboard_chart_csv, name="dashboard-chart-csv"),
    path("states/<iso3:iso3>/", office.state_detail, name="state-detail"),
    path("states/<iso3:iso3>/brief/", briefs.state_brief, name="state-brief"),
    path("states/<iso3:iso3>/talking-points/", briefs.talking_points, name="state-talking-points"),
    path("meetings/<int:pk>/brief/", briefs.meeting_brief, name="meeting-brief"),
    path("public/", public.public_dashboard, name="public-dashboard"),
    path("public/charts/<slug:chart>.csv", public.public_chart_csv, name="public-chart-csv"),
    path("reports/annual/", office.annual_report_current, name="annual-report-current"),
    path("reports/annual/<int:year>/", office.annual_report_page, name="annual-report"),
]

"""Engagement web pages; reminder e-mails link to /follow-ups/, /vnr/<year>/ and /states/<ISO3>/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from engagement.views import annual, dashboard, followups, meetings, states, vnr

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", dashboard.dashboard, name="home"),
    path("states/<iso3:iso3>/", states.state_detail, name="state-detail"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create_view, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("follow-ups/", followups.follow_up_list, name="follow-up-list"),
    path("follow-ups/<int:pk>/done/", followups.follow_up_done, name="follow-up-done"),
    path("vnr/", vnr.vnr_board_current, name="vnr-board-current"),
    path("vnr/<int:year>/", vnr.vnr_board, name="vnr-board"),
    path("vnr/engagements/<int:pk>/<str:stage>/", vnr.vnr_stage_toggle, name="vnr-stage"),
    path("reports/annual/", annual.annual_report_current, name="annual-report-current"),
    path("reports/annual/<int:year>/", annual.annual_report_page, name="annual-report"),
]

"""Pledge and Alliance pages; the reminder e-mails link to /pledges/<id>/ and /pledges/<id>/report/."""

from django.urls import path

from pledges import views

urlpatterns = [
    path("pledges/", views.pledge_list, name="pledge-list"),
    path("pledges/new/", views.pledge_create_view, name="pledge-create"),
    path("pledges/smart-checklist/", views.pledge_smart_checklist, name="pledge-smart-checklist"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/edit/", views.pledge_edit_view, name="pledge-edit"),
    path(
        "pledges/<int:pk>/smart-checklist/",
        views.pledge_smart_checklist,
        name="pledge-smart-checklist-edit",
    ),
    path("pledges/<int:pk>/report/", views.pledge_report, name="pledge-report"),
    path(
        "pledges/<int:pk>/reports/<int:report_id>/verify/",
        views.report_verify_view,
        name="report-verify",
    ),
    path("public/pledges/", views.public_pledge_list, name="public-pledge-list"),
    path("alliance/", views.alliance_list, name="alliance-list"),
    path("alliance/<iso3:iso3>/milestones/<str:code>/", views.milestone_tick, name="milestone-tick"),
]

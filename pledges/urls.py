"""Pledge and Alliance pages; the reminder e-mails link to /pledges/<id>/ and /pledges/<id>/report/."""

from django.urls import path

from pledges import opendata_views, public_views, views

urlpatterns = [
    path("pledges/", views.pledge_list, name="pledge-list"),
    path("pledges/new/", views.pledge_create_view, name="pledge-create"),
    path("pledges/smart-checklist/", views.pledge_smart_checklist, name="pledge-smart-checklist"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/edit/", views.pledge_edit_view, name="pledge-edit"),
    path("pledges/<int:pk>/publish/", views.pledge_publish_view, name="pledge-publish"),
    path(
        "pledges/<int:pk>/smart-checklist/",
        views.pledge_smart_checklist,
        name="pledge-smart-checklist-edit",
    ),
    path("pledges/<int:pk>/report/", views.pledge_report, name="pledge-report"),
    path(
        "pledges/<int:pk>/reports/<int:report_id>/files/<int:file_id>/",
        views.report_evidence_file,
        name="report-evidence-file",
    ),
    path("pledges/<int:pk>/report/no-change/", views.pledge_report_no_change, name="pledge-report-no-change"),
    path(
        "pledges/<int:pk>/reports/<int:report_id>/verify/",
        views.report_verify_view,
        name="report-verify",
    ),
    path(
        "pledges/<int:pk>/reports/<int:report_id>/publication/",
        views.report_publication_view,
        name="report-publication",
    ),
    path("verification/", views.verification_queue_view, name="verification-queue"),
    path("verification/<int:report_id>/", views.verification_verdict, name="verification-verdict"),
    path("public/pledges/", views.public_pledge_list, name="public-pledge-list"),
    path("public/pledges/<int:pk>/", public_views.public_pledge_detail, name="public-pledge-detail"),
    path("public/states/<iso3:iso3>/", public_views.public_state_detail, name="public-state-detail"),
    path("public/data/", opendata_views.open_data, name="open-data"),
    path(
        "public/data/<slug:dataset>.<str:file_format>",
        opendata_views.open_data_download,
        name="open-data-download",
    ),
    path("alliance/", views.alliance_list, name="alliance-list"),
    path("alliance/new/", views.membership_create_view, name="alliance-new"),
    path("alliance/<iso3:iso3>/edit/", views.membership_edit_view, name="alliance-edit"),
    path("endorsements/", views.endorsement_list, name="endorsement-list"),
    path("endorsements/new/", views.endorsement_create_view, name="endorsement-new"),
    path("endorsements/<int:pk>/edit/", views.endorsement_edit_view, name="endorsement-edit"),
    path("alliance/<iso3:iso3>/milestones/<str:code>/", views.milestone_tick, name="milestone-tick"),
]

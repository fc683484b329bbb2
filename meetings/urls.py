"""Meeting, meeting draft (from e-mail) and follow-up pages; the reminder e-mails link to /follow-ups/."""

from django.urls import path

from meetings import views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create_view, name="meeting-create"),
    path("meetings/drafts/", views.meeting_draft_list, name="meeting-draft-list"),
    path("meetings/drafts/<int:pk>/", views.meeting_draft_confirm_view, name="meeting-draft-confirm"),
    path("meetings/drafts/<int:pk>/discard/", views.meeting_draft_discard_view, name="meeting-draft-discard"),
    path(
        "meetings/drafts/<int:pk>/files/<int:file_id>/", views.meeting_draft_file, name="meeting-draft-file"
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete_view, name="meeting-delete"),
    path("follow-ups/", views.follow_up_list, name="follow-up-list"),
    path("follow-ups/new/", views.follow_up_create_view, name="follow-up-create"),
    path("follow-ups/<int:pk>/edit/", views.follow_up_edit, name="follow-up-edit"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow-up-done"),
    path("follow-ups/<int:pk>/reopen/", views.follow_up_reopen, name="follow-up-reopen"),
]

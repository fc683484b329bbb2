"""Visit pages; the reminder e-mails link to /visits/<id>/."""

from django.urls import path

from visits import views

urlpatterns = [
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_create_view, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", views.visit_edit_view, name="visit-edit"),
    path("visits/<int:pk>/delete/", views.visit_delete_view, name="visit-delete"),
    path(
        "visits/<int:pk>/<slug:action>/",
        views.visit_transition_view,
        name="visit-transition",
    ),
]

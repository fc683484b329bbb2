"""Visit pages; the reminder e-mails link to /visits/<id>/."""

from django.urls import path

from visits import views

urlpatterns = [
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
]

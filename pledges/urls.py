"""Pledge pages; the reminder e-mails link to /pledges/<id>/ and /pledges/<id>/report/."""

from django.urls import path

from pledges import views

urlpatterns = [
    path("pledges/", views.pledge_list, name="pledge-list"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/report/", views.pledge_report, name="pledge-report"),
    path("public/pledges/", views.public_pledge_list, name="public-pledge-list"),
]

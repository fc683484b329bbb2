"""Staff pages of the reminder log."""

from django.urls import path

from reminders import views

urlpatterns = [
    path("reminders/undelivered/", views.undelivered_list, name="reminders-undelivered"),
    path("reminders/<int:pk>/resend/", views.resend, name="reminder-resend"),
]

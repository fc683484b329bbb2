"""Pages of the reminders app: the staff pages of the reminder log, and the calendar feeds."""

from django.urls import path

from reminders import views

urlpatterns = [
    path("reminders/undelivered/", views.undelivered_list, name="reminders-undelivered"),
    path("reminders/<int:pk>/resend/", views.resend, name="reminder-resend"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("account/calendar/", views.calendar_scope, name="account-calendar"),
    path("account/calendar/rotate/", views.calendar_rotate, name="account-calendar-rotate"),
]

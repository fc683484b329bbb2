"""API v1 route of the reminder log."""

from rest_framework.routers import DefaultRouter

from reminders.api import views

# DefaultRouter for its format suffixes (/meetings.csv); the API root is config's.
router = DefaultRouter()
router.include_root_view = False
router.register("reminders", views.ReminderViewSet, basename="reminder")

urlpatterns = router.urls

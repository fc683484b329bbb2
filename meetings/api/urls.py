"""API v1 routes of meetings and follow-up actions."""

from rest_framework.routers import DefaultRouter

from meetings.api import views

# DefaultRouter for its format suffixes (/meetings.csv); the API root is config's.
router = DefaultRouter()
router.include_root_view = False
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")

urlpatterns = router.urls

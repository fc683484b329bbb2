"""API v1 routes of the engagement app: reference data, people, meetings, VNR, follow-ups, auth."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from engagement.api.views.auth import AuthTokenViewSet, TokenLogoutView, TokenObtainView
from engagement.api.views.contacts import ContactViewSet
from engagement.api.views.followups import FollowUpViewSet
from engagement.api.views.meetings import MeetingViewSet
from engagement.api.views.organizations import OrganizationViewSet
from engagement.api.views.reminders import ReminderViewSet
from engagement.api.views.states import MemberStateViewSet
from engagement.api.views.users import UserViewSet
from engagement.api.views.vnr import VnrEngagementViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("member-states", MemberStateViewSet, basename="member-state")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("contacts", ContactViewSet, basename="contact")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("vnr-engagements", VnrEngagementViewSet, basename="vnr-engagement")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
router.register("reminders", ReminderViewSet, basename="reminder")
router.register("auth/tokens", AuthTokenViewSet, basename="auth-token")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token-obtain"),
    path("auth/logout/", TokenLogoutView.as_view(), name="auth-logout"),
    *router.urls,
]

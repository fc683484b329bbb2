"""API v1 routes of the ground floor: reference data, people, VNR engagements and tokens."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from engagement.api import views

# DefaultRouter for its format suffixes (/meetings.csv); the API root is config's.
router = DefaultRouter()
router.include_root_view = False
router.register("member-states", views.MemberStateViewSet, basename="member-state")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("users", views.UserViewSet, basename="user")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("vnr-engagements", views.VnrEngagementViewSet, basename="vnr-engagement")
router.register("auth/tokens", views.AuthTokenViewSet, basename="auth-token")

urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="auth-token-obtain"),
    path("auth/logout/", views.TokenLogoutView.as_view(), name="auth-logout"),
    *router.urls,
]

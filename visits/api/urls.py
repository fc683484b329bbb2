"""API v1 routes of the visits app."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from visits.api.views import CountryVisitViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("visits", CountryVisitViewSet, basename="visit")

urlpatterns = router.urls

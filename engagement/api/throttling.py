"""Throttles: anonymous callers and non-staff accounts; staff scripts are not throttled."""

from __future__ import annotations

from rest_framework import throttling

from engagement.roles import is_staff


class AnonThrottle(throttling.AnonRateThrottle):
    scope = "anon"


class UserThrottle(throttling.UserRateThrottle):
    scope = "user"

    def allow_request(self, request, view):
        if is_staff(request.user):
            return True
        return super().allow_request(request, view)

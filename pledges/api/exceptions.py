"""HTTP errors of the pledges API that DRF does not name: 409 Conflict and 412 Precondition Failed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class Conflict(APIException):
    """409: the request conflicts with an existing record."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with an existing record.")
    default_code = "conflict"


class PreconditionFailed(APIException):
    """412: `If-Match` names a version of the resource that is no longer current."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This pledge changed since you read it; fetch it again and retry.")
    default_code = "precondition_failed"

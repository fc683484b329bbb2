"""API errors: DRF's handler (409 for integrity errors, 400 for unstorable values and oversized bodies)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

# Django's request limits, raised while DRF reads the body (DATA_UPLOAD_MAX_MEMORY_SIZE and the
# field and file counts): answered in the API's error shape rather than Django's HTML 400.
REQUEST_LIMITS = {
    RequestDataTooBig: _("The request body is larger than this server accepts."),
    TooManyFieldsSent: _("The request has more fields than this server accepts."),
    TooManyFilesSent: _("The request has more files than this server accepts."),
}


def exception_handler(exc, context):
    """A duplicate the database refuses is a 409; a model validation error a 400."""
    if isinstance(exc, DjangoValidationError):
        return Response(as_serializer_error(exc), status=status.HTTP_400_BAD_REQUEST)
    if type(exc) in REQUEST_LIMITS:
        return Response({"detail": str(REQUEST_LIMITS[type(exc)])}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DataError):
        # A value the database cannot hold (a NUL byte, a number out of range) is bad input, not a bug.
        return Response(
            {"detail": "A value is out of range or contains characters that cannot be stored."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": "This conflicts with an existing record."}, status=status.HTTP_409_CONFLICT
        )
    response = drf_exception_handler(exc, context)
    if response is not None and getattr(exc, "extra", None):
        response.data = {**response.data, **exc.extra}
    return response


class Conflict(APIException):
    """409: the request conflicts with an existing record; `extra` adds keys to the body beside `detail`.

    E.g. `Conflict(message, extra={"existing": {"id": 12, "url": "/api/v1/pledges/12/"}})`.
    """

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with an existing record.")
    default_code = "conflict"

    def __init__(self, detail=None, code=None, *, extra: dict | None = None):
        super().__init__(detail, code)
        self.extra = extra or {}


class PreconditionFailed(APIException):
    """412: `If-Match` names a version of the resource that is no longer current."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("This pledge changed since you read it; fetch it again and retry.")
    default_code = "precondition_failed"

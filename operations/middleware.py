"""Request middleware: the request id and the one log line per request (first in MIDDLEWARE), and
the probes answered before host validation (right after SecurityMiddleware)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.functional import LazyObject, empty

from operations import views
from operations.request_ids import REQUEST_ID_HEADER, request_id_accept, request_id_set

logger = logging.getLogger("operations.requests")
# A calendar address is a bearer secret: its token never reaches the logs.
CALENDAR_TOKEN_IN_PATH = re.compile(r"^(/calendar/)[^/]+(\.ics)$")


class RequestLogMiddleware:
    """Gives each request its id (kept from `X-Request-ID` when safe, else made), returns it in
    the response's `X-Request-ID`, and logs one line: method, path, status, duration, user, id.

    The id stays current until Django's request_finished (operations.request_ids.request_id_clear),
    so what Django logs after the middleware returned carries it too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_accept(request.headers.get(REQUEST_ID_HEADER))
        request_id_set(request_id)
        request.request_id = request_id
        if sentry_sdk.is_initialized():
            sentry_sdk.set_tag("request_id", request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response[REQUEST_ID_HEADER] = request_id
        request_log(request, response, duration_ms=duration_ms, request_id=request_id)
        return response


def request_log(request: HttpRequest, response: HttpResponse, *, duration_ms: float, request_id: str) -> None:
    """The request's line; probes answered 2xx only at DEBUG (load balancers probe every few seconds)."""
    # Percent-encoded again, so no newline forges a line; a calendar feed's token left out.
    path = escape_uri_path(CALENDAR_TOKEN_IN_PATH.sub(r"\1redacted\2", request.path))
    user_id = signed_in_user_id(request)
    quiet = getattr(request, "is_probe", False) and response.status_code < 300
    logger.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s %sms user=%s",
        request.method,
        path,
        response.status_code,
        duration_ms,
        user_id if user_id is not None else "-",
        extra={
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user_id,
            "request_id": request_id,
        },
    )


def signed_in_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the request already looked the user up: logging never costs
    a session or database query of its own."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class ProbeMiddleware:
    """Answers /healthz and /readyz itself, before CommonMiddleware checks the Host against
    ALLOWED_HOSTS: load balancers probe by the instance's IP address, which no ALLOWED_HOSTS
    lists. Nothing else is answered this way; every other request still needs an allowed host.

    It comes right after SecurityMiddleware, whose HTTPS redirect skips the probes
    (SECURE_REDIRECT_EXEMPT), and before sessions, locale, CSRF and authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.probes: dict[str, Callable[[HttpRequest], HttpResponse]] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.probes is None:  # The URLconf is loaded by the first request, not at start-up.
            self.probes = {reverse("healthz"): views.healthz, reverse("readyz"): views.readyz}
        probe = self.probes.get(request.path)
        if probe is None:
            return self.get_response(request)
        request.is_probe = True
        return probe(request)

"""The probes load balancers and orchestrators call: /healthz (the process answers) and /readyz
(it can serve: database, broker, worker, sweep). Plain JSON, no sign-in, never cached.

operations.middleware.ProbeMiddleware answers both before host validation, redirects, sessions and
throttling, so a load balancer may probe by IP address (docs/operations.md).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from operations.readiness import FAIL, readiness_report

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and answers; it touches neither the database nor Redis."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every component is ready, 503 with the same report when one fails."""
    report = readiness_report()
    if report["status"] != FAIL:
        return JsonResponse(report)
    failing = {
        name: component for name, component in report["components"].items() if component["status"] == FAIL
    }
    logger.warning("Not ready: %s", failing)
    response = JsonResponse(report, status=503)
    # Django would log every 503 at ERROR on django.request, mailing ADMINS at each probe while a
    # component is down; the warning above says it once per probe, without the mail.
    response._has_been_logged = True
    return response

"""Site-wide pages: the error pages (400, 403, 404, 500, a refused CSRF token) and the favicon.

Each error page is in the site layout, says what happened and offers a way back: the dashboard,
and the page the caller came from when that was one of ours. The 500 page renders without
touching the database, which may be the very thing that failed: no context processors (they
read the user), only the template.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.core.exceptions import DisallowedHost
from django.http import FileResponse, Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def _back_url(request) -> str:
    """The referring page, when it is on this site (never an open redirect)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the very cause of a 400: no way back to offer but home
        return ""
    safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    return referer if referer and safe else ""


def _error_page(request, template: str, status: int, **context):
    context["back_url"] = _back_url(request)
    return render(request, template, context, status=status)


def bad_request(request, exception=None):
    """400: the request could not be understood (a malformed form, a suspicious header...)."""
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    """403: signed in, but this page or action is not open to the caller's role."""
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    """404: no such page, or nothing the caller may see there."""
    return _error_page(request, "404.html", 404, request_path=request.path)


def server_error(request):
    """500, rendered from the template alone: no database query, no context processor."""
    context = {"request_path": request.path, "request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a form sent without a valid token, usually one left open too long."""
    return _error_page(request, "403_csrf.html", 403)


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """`/favicon.ico`, which browsers ask for on every page whatever the page's `<link rel="icon">`."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")

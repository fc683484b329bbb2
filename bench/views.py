"""Bench-only views: the plain `.values()` pledge page (the peer) and the no-op signed-in request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseForbidden, JsonResponse

from pledges.models import Pledge

PLAIN_FIELDS = (
    "id",
    "member_state__iso3",
    "origin",
    "visit_id",
    "made_on",
    "title",
    "area",
    "target_date",
    "status",
    "progress",
    "visibility",
    "reporting_interval_days",
    "last_reported_at",
    "next_report_due",
)
PAGE_SIZE = 50


def plain_pledge_page(request: HttpRequest) -> JsonResponse | HttpResponseForbidden:
    """A count and one page of pledges filtered by status, area, origin or region (M49 code):
    what a plain Django view with `.values()` costs (14 of the API's 32 fields, no scoping rules)."""
    # Signed-in only, like the API: the session and user lookups are part of both sides.
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    pledges = Pledge.objects.order_by("-made_on", "-id")
    for name in ("status", "area", "origin"):
        if value := request.GET.get(name):
            pledges = pledges.filter(**{name: value})
    if region := request.GET.get("region"):
        pledges = pledges.filter(member_state__region__m49=region)
    page = int(request.GET.get("page", 1))
    start = (page - 1) * PAGE_SIZE
    rows = list(pledges.values(*PLAIN_FIELDS)[start : start + PAGE_SIZE])
    return JsonResponse({"count": pledges.count(), "results": rows})


def noop(request: HttpRequest) -> JsonResponse | HttpResponseForbidden:
    """The no-op authenticated request: the middleware, the session and user lookups, a tiny JSON.

    What any signed-in answer costs at the least; cached dashboards are compared with it.
    """
    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    return JsonResponse({"user": request.user.pk})

"""The public pledge and State pages: anyone may read them, no sign-in, public records only.

An internal pledge is not found here exactly as a missing one is. The pages are cached as the
open feed is (`pledges.caching.public_page`): ETag, Last-Modified, 304, shared for five minutes.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from pledges.caching import public_page
from pledges.selectors import public_pledge_page, public_state_page


@public_page
def public_pledge_detail(request, pk: int):
    """One public pledge: its State, area, SDG targets, status, progress, verification, staleness
    and its public timeline (narratives only where staff made them public)."""
    context = public_pledge_page(pk=pk, today=timezone.localdate())
    if context is None:
        raise Http404
    return render(request, "pledges/public_pledge_detail.html", context)


@public_page
def public_state_detail(request, iso3: str):
    """A State's public record: endorsement, Alliance membership and milestones, public pledges."""
    context = public_state_page(iso3=iso3, today=timezone.localdate())
    if context is None:
        raise Http404
    return render(request, "pledges/public_state_detail.html", context)

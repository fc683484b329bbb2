"""How everything public is cached: the open feed, the public pages and the open data.

An answer's `ETag` and `Last-Modified` are known before it is made, from the public data's state
(`pledges.selectors.public_data_state`: the end of a few indexes), so a 304 to `If-None-Match` or
`If-Modified-Since` reads no row. Shared caches may keep an answer five minutes (API.md).

A public page is the same for every visitor who is not signed in (base.html gives them no CSRF
token), so it is cached like the feed. A signed-in visitor's page carries their name and token:
it is rendered afresh and marked private.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps

from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from pledges.selectors import PublicDataState, public_data_state

# Seconds a shared cache may keep a public answer (API.md: `Cache-Control: public, max-age=300`).
PUBLIC_MAX_AGE = 300


def _public_state(request) -> PublicDataState:
    # Read once a request: the ETag and Last-Modified both come from it.
    if not hasattr(request, "public_data_state"):
        request.public_data_state = public_data_state(timezone.localdate())
    return request.public_data_state


def public_etag(request, *args, **kwargs) -> str:
    """The answer's ETag, known before it is made: the public data's state, the path with its
    query, the language and the formats the caller accepts."""
    parts = (
        _public_state(request).token,
        request.get_full_path(),
        translation.get_language() or "",
        request.META.get("HTTP_ACCEPT", ""),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def public_last_modified(request, *args, **kwargs) -> dt.datetime:
    return _public_state(request).changed_at


# The API's public endpoints: conditional GET, and shared caches for five minutes.
PUBLIC_CACHING = [
    condition(etag_func=public_etag, last_modified_func=public_last_modified),
    cache_control(public=True, max_age=PUBLIC_MAX_AGE),
]


def public_page(view: Callable) -> Callable:
    """A public page or download: conditional GET and shared caching for visitors not signed in
    (the answer varies with their language, chosen by cookie or Accept-Language); private and
    fresh for a signed-in visitor."""
    conditional = condition(etag_func=public_etag, last_modified_func=public_last_modified)(view)

    @wraps(view)
    def page(request, *args, **kwargs):
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
        else:
            response = conditional(request, *args, **kwargs)
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return page

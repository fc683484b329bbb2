"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

The Content-Security-Policy is django-csp's, from CONTENT_SECURITY_POLICY in the settings: every
script, style, image, font and request from this site only, no inline script and no inline style
(our pages keep their scripts in static/js, their styles in static/css, and pass data through
json_script or data- attributes; JavaScript may still set styles through the CSSOM, which is how
Chart.js, Tom Select, htmx and the map do it). Three kinds of page the project does not write get
an addition scoped to them, each allowing only the exact inline code it needs, never
'unsafe-inline' for a script:

- ReDoc (/api/redoc/) writes two <style> elements when it loads: Perfect Scrollbar's rules and an
  empty sheet that styled-components fills through the CSSOM. They carry no nonce (they exist
  before ReDoc reads its options), so their hashes allow them; its search runs in a worker made
  from a blob: URL.
- The admin's third-party pages: django-import-export's export form has one inline handler and
  two style attributes, django-simple-history's history list one style attribute; their hashes
  allow exactly those ('unsafe-hashes').
- The browsable API (DRF's templates) sets style="" attributes and, with Pygments, a <style>
  block for its code highlighting: inline styles are allowed there (its data is escaped and
  scripts stay 'self' only).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from csp.constants import SELF, UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from rest_framework.renderers import BrowsableAPIRenderer

Directives = dict[str, list[str]]


def source_hash(source: str) -> str:
    """The CSP source that allows this exact inline code: 'sha256-<base64 of its digest>'."""
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# drf-spectacular-sidecar 2026.10.1's ReDoc: the hashes of Perfect Scrollbar's CSS (the browser
# names it in the violation it reports if an upgrade changes it) and of the empty string.
REDOC_STYLE_HASHES = ["'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='", source_hash("")]
REDOC_ADDITION: Directives = {"style-src": REDOC_STYLE_HASHES, "worker-src": [SELF, "blob:"]}
ADMIN_ADDITION: Directives = {
    "script-src-attr": [UNSAFE_HASHES, source_hash("onSelectToggleChange(event)")],
    "style-src-attr": [
        UNSAFE_HASHES,
        *(source_hash(style) for style in ("padding: 0;", "font-weight: bold;", "border-top: 0")),
    ],
}
BROWSABLE_API_ADDITION: Directives = {"style-src": [UNSAFE_INLINE]}


def page_addition(request: HttpRequest, response: HttpResponseBase) -> Directives | None:
    """The directives this response adds to the site's policy; None for every page of ours."""
    match = request.resolver_match
    if match and match.url_name == "redoc":
        return REDOC_ADDITION
    if match and match.app_name == "admin":
        return ADMIN_ADDITION
    if isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer):
        return BROWSABLE_API_ADDITION
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the page-scoped additions of page_addition()."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        addition = page_addition(request, response)
        if addition:
            update = dict(parts.update or {})
            for directive, sources in addition.items():
                update[directive] = [*update.get(directive, ()), *sources]
            parts.update = update
        return parts


def permissions_policy(features: dict[str, tuple[str, ...] | list[str]]) -> str:
    """The Permissions-Policy header for {feature: allowlist}: `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class PermissionsPolicyMiddleware:
    """Sets Permissions-Policy from PERMISSIONS_POLICY on every response that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response

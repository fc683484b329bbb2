"""Security headers on every page: Content-Security-Policy, Referrer-Policy, Permissions-Policy.

Every page each role can reach (tests/operations/site_pages.py: the page tables, a crawl of their
links, the public pages, the error pages, the API docs) carries the three headers; no script
source is ever 'unsafe-inline'; our own pages get the site's policy unchanged and have no inline
script, handler or style the policy would block.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from operations.headers import REDOC_STYLE_HASHES, permissions_policy, source_hash
from tests.operations.site_pages import ROLES, is_html, visits_of
from tests.test_no_admin_links import year_of_work  # noqa: F401 (a fixture: the records every page opens)

ROOT = Path(__file__).resolve().parents[2]
SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), browsing-topics=()"
)
# Pages whose markup is a library's, each with its scoped addition (operations/headers.py).
NOT_OURS = ("/admin/", "/api/")


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def script_sources(csp: dict[str, list[str]]) -> list[str]:
    """Every source any script directive allows."""
    return [source for name, sources in csp.items() if name.startswith("script-src") for source in sources]


@pytest.fixture
def pages_of(cast, year_of_work):  # noqa: F811 (the fixture imported above)
    """The pages `role` reaches (crawled by its first test in this process, then reused)."""
    return lambda role: visits_of(role, cast, year_of_work)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_sends_the_three_headers(pages_of, role):
    missing = [
        (visit.url, visit.response.status_code, header)
        for visit in pages_of(role)
        for header in ("Content-Security-Policy", "Referrer-Policy", "Permissions-Policy")
        if header not in visit.response
    ]
    assert not missing, missing


@pytest.mark.parametrize("role", ROLES)
def test_every_page_allows_scripts_from_this_site_only(pages_of, role):
    unsafe = {}
    for visit in pages_of(role):
        csp = policy(visit.response["Content-Security-Policy"])
        sources = script_sources(csp) + csp.get("default-src", [])
        if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources or csp["script-src"] != ["'self'"]:
            unsafe[visit.url] = csp
    assert not unsafe, unsafe


@pytest.mark.parametrize("role", ROLES)
def test_our_pages_get_the_site_policy_unchanged(pages_of, role):
    visits = [visit for visit in pages_of(role) if not visit.url.startswith(NOT_OURS)]
    assert len(visits) > 5
    changed = {
        visit.url: policy(visit.response["Content-Security-Policy"])
        for visit in visits
        if policy(visit.response["Content-Security-Policy"]) != SITE_POLICY
    }
    assert not changed, changed


@pytest.mark.parametrize("role", ROLES)
def test_every_page_names_the_referrer_and_permissions_policies(pages_of, role):
    wrong = {
        visit.url: (visit.response["Referrer-Policy"], visit.response["Permissions-Policy"])
        for visit in pages_of(role)
        if (visit.response["Referrer-Policy"], visit.response["Permissions-Policy"])
        != ("same-origin", PERMISSIONS_POLICY)
    }
    assert not wrong, wrong


def test_the_crawl_reaches_the_error_pages_and_forbidden_pages(pages_of):
    statuses = {visit.url: visit.response.status_code for visit in pages_of("viewer")}
    assert statuses["/no-such-page/"] == 404
    assert statuses["/meetings/new/"] == 403
    assert statuses["/api/docs/"] == statuses["/api/redoc/"] == 200


def test_the_bad_request_page_sends_the_headers(web, staff):
    response = web(staff).get("/", headers={"host": "not-an-allowed-host.example"})
    assert response.status_code == 400
    assert policy(response["Content-Security-Policy"]) == SITE_POLICY
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page_gets_the_site_policy(web):
    response = web().get("/accounts/login/")
    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == SITE_POLICY


def test_redoc_styles_are_allowed_by_their_hashes_only(web):
    csp = policy(web().get("/api/redoc/")["Content-Security-Policy"])
    assert csp["style-src"] == ["'self'", *REDOC_STYLE_HASHES]
    assert csp["worker-src"] == ["'self'", "blob:"]
    assert csp["script-src"] == ["'self'"]


def test_admin_allows_exactly_the_inline_handler_of_the_export_form(web, staff):
    csp = policy(web(staff).get("/admin/")["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["script-src-attr"] == ["'unsafe-hashes'", source_hash("onSelectToggleChange(event)")]
    assert "'unsafe-inline'" not in csp["style-src-attr"]


def test_the_browsable_api_alone_allows_inline_styles(api, staff):
    browsable = api(staff).get("/api/v1/pledges/", HTTP_ACCEPT="text/html")
    as_json = api(staff).get("/api/v1/pledges/", HTTP_ACCEPT="application/json")
    assert policy(browsable["Content-Security-Policy"])["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy(browsable["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert policy(as_json["Content-Security-Policy"]) == SITE_POLICY


class InlineCode(HTMLParser):
    """What a page holds that a policy without 'unsafe-inline' blocks: inline <script> (data in
    <script type="application/json"> is not run, so it is allowed), <style>, on* handlers,
    style="" attributes and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=...>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_ours_holds_inline_script_or_style(pages_of, role):
    found = {
        visit.url: code
        for visit in pages_of(role)
        if is_html(visit.response) and not visit.url.startswith(NOT_OURS)
        if (code := inline_code(visit.response.content.decode()))
    }
    assert not found, found


# Inline code in a template's markup; e-mails are not pages (mail clients need inline styles).
INLINE_IN_TEMPLATE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|<style\b|\son[a-z]+=|\sstyle=|javascript:", re.I
)
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def test_no_template_holds_inline_script_or_style():
    templates = [
        path
        for path in (ROOT / "templates").rglob("*.html")
        if "email" not in path.relative_to(ROOT / "templates").parts
    ]
    templates += list(ROOT.glob("*/templates/**/*.html"))
    found = {
        str(path.relative_to(ROOT)): INLINE_IN_TEMPLATE.findall(
            TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        )
        for path in templates
    }
    assert len(templates) > 50
    found = {path: code for path, code in found.items() if code}
    assert not found, found


def test_the_checks_catch_inline_code():
    assert inline_code('<button onclick="go()">') == ["<button onclick=...>"]
    assert inline_code("<script>go()</script><style>p{}</style>") == ["inline <script>", "<style>"]
    assert inline_code('<a href="javascript:go()">') == ["<a href=javascript:...>"]
    assert inline_code('<p style="color:red">') == ["<p style=...>"]
    assert (
        inline_code('<script type="application/json" id="d">{}</script><script src="/a.js"></script>') == []
    )
    assert INLINE_IN_TEMPLATE.search('<button onclick="window.print()">')
    assert not INLINE_IN_TEMPLATE.search("<script src=\"{% static 'js/print.js' %}\"></script>")
    assert not INLINE_IN_TEMPLATE.search(TEMPLATE_COMMENT.sub("", "{# ReDoc writes two <style> elements #}"))


def test_the_permissions_policy_header_lists_each_feature_with_its_allowlist():
    assert permissions_policy({"camera": (), "fullscreen": ["self"]}) == "camera=(), fullscreen=(self)"
    assert permissions_policy(settings.PERMISSIONS_POLICY) == PERMISSIONS_POLICY


def settings_under(**environment: str) -> dict:
    """The CSP settings a process started with these environment variables reads."""
    code = (
        "import json; from config import settings as s; print(json.dumps("
        "[s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY]))"
    )
    env = {**os.environ, **environment}
    result = subprocess.run(  # noqa: S603 (this interpreter, a constant script)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    enforced, report_only = json.loads(result.stdout)
    return {"enforced": enforced, "report_only": report_only}


def test_csp_report_only_sends_the_policy_as_a_report_and_blocks_nothing():
    read = settings_under(CSP_REPORT_ONLY="true", CSP_REPORT_URI="https://reports.example/csp")
    assert read["enforced"] is None
    assert read["report_only"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert read["report_only"]["DIRECTIVES"]["report-uri"] == "https://reports.example/csp"


def test_by_default_the_policy_is_enforced_and_reports_nowhere():
    read = settings_under(CSP_REPORT_ONLY="false", CSP_REPORT_URI="")
    assert read["report_only"] is None
    assert read["enforced"]["DIRECTIVES"]["report-uri"] is None


def test_report_only_mode_sends_only_the_report_only_header(web, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = web().get("/accounts/login/")
    assert "Content-Security-Policy" not in response
    assert policy(response["Content-Security-Policy-Report-Only"]) == SITE_POLICY

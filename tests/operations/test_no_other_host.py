"""Everything local: no page, and neither API docs page, loads anything from another host.

A page "loads" what its markup fetches without a click: scripts, stylesheets, icons, images,
frames, objects, media, form actions, htmx requests, CSS url() and @import (in style attributes,
<style> blocks and the stylesheets the page links), and the addresses our own scripts request. A
plain <a href> to another site is navigation, not a request (a pledge's evidence link typed by a
user, the Redocly credit in ReDoc), so it is allowed. What the vendored libraries request at run
time is checked in Chromium (tests/browser/test_api_docs_offline.py, tests/browser/test_csp.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.operations.site_pages import ROLES, is_html, visits_of
from tests.test_no_admin_links import year_of_work  # noqa: F401 (a fixture: the records every page opens)

HOST = "testserver"
# Attributes that make the browser fetch their URL as soon as the page loads (or the form is sent).
FETCHING_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "background", "manifest"}
FETCHING_ATTRIBUTES |= {"ping"}  # <a ping> sends a request when the link is followed
HTMX_REQUESTS = {"hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete"}
NAVIGATION_TAGS = {"a", "area"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)
# Absolute addresses in a script; XML namespaces are names, never fetched.
SCRIPT_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^'"\s)]*""", re.I)
NAMESPACES = ("http://www.w3.org/",)


class Resources(HTMLParser):
    """The URLs a page's markup makes the browser fetch, and the CSS written in the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.css: list[str] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name: value or "" for name, value in attrs}
        for name, value in named.items():
            if (name in FETCHING_ATTRIBUTES and tag not in NAVIGATION_TAGS) or name in HTMX_REQUESTS:
                self.urls.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.urls += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            elif name == "style":
                self.css.append(value)
        if tag == "meta" and named.get("http-equiv", "").lower() == "refresh":
            self.urls.append(named.get("content", "").partition("url=")[2])
        if tag == "link" and "stylesheet" in named.get("rel", "").split():
            self.stylesheets.append(named.get("href", ""))
        if tag == "script" and named.get("src"):
            self.scripts.append(named["src"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def resources(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


def other_host(url: str) -> bool:
    """Whether fetching `url` (relative to a page of ours) would reach another host."""
    target = urlsplit(url.strip())
    if target.scheme in ("data", "blob", "mailto", "tel", "javascript", "about"):
        return False
    return bool(target.netloc) and target.hostname != HOST


def css_urls(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


STATIC = "/" + settings.STATIC_URL.strip("/") + "/"
# Our own scripts; the vendored libraries' strings name hosts they never call (licences, schema ids).
OUR_SCRIPTS = STATIC + "js/"


def static_text(url: str) -> str | None:
    """The text of a static file, by its URL; None for anything else."""
    path = urlsplit(url).path
    found = finders.find(path.removeprefix(STATIC)) if path.startswith(STATIC) else None
    return Path(found).read_text(encoding="utf-8") if found else None


def remote_references(page_url: str, html: str, client) -> list[str]:
    """Every address on another host the page would fetch: markup, CSS, and our scripts."""
    found = resources(html)
    remote = [url for url in found.urls if other_host(urljoin(page_url, url))]
    remote += [url for css in found.css for url in css_urls(css) if other_host(url)]
    for sheet in found.stylesheets:
        text = static_text(urljoin(page_url, sheet)) or ""
        remote += [f"{sheet}: {url}" for url in css_urls(text) if other_host(url)]
    for script in found.scripts:
        url = urljoin(page_url, script)
        text = static_text(url) if urlsplit(url).path.startswith(OUR_SCRIPTS) else None
        if text is None and urlsplit(url).query == "script=":  # the docs' start-up script, rendered
            text = client.get(url).content.decode()
        for address in SCRIPT_URL.findall(text or ""):
            if not address.startswith(NAMESPACES):
                remote.append(f"{script}: {address}")
    return remote


@pytest.mark.parametrize("role", ROLES)
def test_no_page_loads_anything_from_another_host(cast, year_of_work, web, role):  # noqa: F811
    client = web(cast[role])
    pages = [visit for visit in visits_of(role, cast, year_of_work) if is_html(visit.response)]
    assert len(pages) > 5
    found = {
        visit.url: remote
        for visit in pages
        if (remote := remote_references(visit.url, visit.response.content.decode(), client))
    }
    assert not found, found


def test_the_api_docs_pages_are_among_the_pages_checked(cast, year_of_work):  # noqa: F811
    checked = [visit.url for visit in visits_of("anonymous", cast, year_of_work) if is_html(visit.response)]
    assert {"/api/docs/", "/api/redoc/"} <= set(checked)


def test_the_api_docs_load_swagger_ui_and_redoc_from_our_static_files(web):
    swagger = resources(web().get("/api/docs/").content.decode())
    redoc = resources(web().get("/api/redoc/").content.decode())
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in swagger.scripts
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in swagger.stylesheets
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in redoc.scripts
    assert "/api/docs/?script=" in swagger.scripts  # Swagger UI's start-up, rendered by the view
    for url in [*swagger.scripts, *swagger.stylesheets, *redoc.scripts]:
        assert url.startswith("/api/docs/") or static_text(url), url


def test_the_check_catches_a_resource_from_another_host(web):
    client = web()
    page = """
      <link rel="stylesheet" href="https://cdn.example.net/x.css">
      <script src="//cdn.example.net/x.js"></script>
      <img srcset="/a.png 1x, https://img.example.net/b.png 2x"><form action="https://forms.example.net/">
      <div style="background: url('https://img.example.net/c.png')"></div>
      <style>@import "https://f.example.net/f.css";</style>
      <div hx-get="https://api.example.net/"></div>
      <a href="https://evidence.example.org/report.pdf">evidence</a><img src="data:image/png;base64,AA">
      <script src="/static/js/print.js"></script><link rel="stylesheet" href="/static/css/app.css">
    """
    assert remote_references("/pledges/", page, client) == [
        "https://cdn.example.net/x.css",
        "//cdn.example.net/x.js",
        "https://img.example.net/b.png",
        "https://forms.example.net/",
        "https://api.example.net/",
        "https://img.example.net/c.png",
        "https://f.example.net/f.css",
    ]

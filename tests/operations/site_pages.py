"""Every page of the site as each role meets it, for the checks that hold on all of them.

The seeds are the page tables the permission tests already keep (each app's
tests/<app>/pages/test_permissions.py, a staff member's year of work in
tests/test_no_admin_links.py), the pages anyone may open, the error pages and the API docs. From
the seeds the crawl follows every link to a page of ours whose URL pattern it has not seen (one
pledge stands for all of them, one year for every year), so a page added later is checked without
being listed here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from tests.dashboards.pages import test_permissions as dashboard_pages
from tests.engagement.pages import test_permissions as engagement_pages
from tests.meetings.pages import test_edit_permissions as meeting_edit_pages
from tests.meetings.pages import test_permissions as meeting_pages
from tests.pledges.pages import test_permissions as pledge_pages
from tests.test_no_admin_links import STAFF_PAGES
from tests.visits.pages import test_permissions as visit_pages

ROLES = ("anonymous", "focal_ken", "viewer", "staff")
PAGE_TABLES = (
    dashboard_pages,
    engagement_pages,
    meeting_pages,
    meeting_edit_pages,
    pledge_pages,
    visit_pages,
)
# Open to anyone; a 404 and the API docs, schema and browsable root besides.
PUBLIC_PAGES = (
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/done/",
    "/public/pledges/",
    "/no-such-page/",
    "/api/docs/",
    "/api/docs/?script=",
    "/api/redoc/",
    "/api/schema/",
    "/api/v1/",
)
SIGNED_IN_PAGES = ("/", "/account/", "/account/password/")
STAFF_EXTRA_PAGES = (
    "/admin/",
    "/admin/pledges/pledge/",
    "/admin/pledges/pledge/{pledge}/change/",
    "/api/v1/pledges/",
)
# Followed links never lead here: the admin and the API have their own seeds, the rest are
# actions (sign out, switch language) or files.
NOT_CRAWLED = ("/admin/", "/api/", "/static/", "/i18n/", "/language/", "/accounts/logout/")
MAX_PAGES = 200


def seed_urls(role: str, records: dict) -> list[str]:
    """The listed pages of `role`, their {placeholders} filled from `records`."""
    listed = list(PUBLIC_PAGES)
    if role != "anonymous":
        listed += SIGNED_IN_PAGES
    for table in PAGE_TABLES:
        listed += [table.PAGES[page] for page in table.EXPECTED.get(role, table.PAGES)]
    if role == "staff":
        listed += [page for page in STAFF_PAGES if _resolves(page)] + list(STAFF_EXTRA_PAGES)
    return list(dict.fromkeys(page.format(**records) for page in listed))


def _resolves(url: str) -> bool:
    return _route(url) is not None


def _route(url: str) -> str | None:
    """The URL pattern a path matches (`vnr/<int:year>/`), None for no page."""
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return None


class LinkParser(HTMLParser):
    """The href of each <a> in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def is_html(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def _links_to_follow(url: str, response) -> Iterator[str]:
    """The paths of ours the page links to (no query, no fragment)."""
    parser = LinkParser()
    parser.feed(response.content.decode())
    for href in parser.links:
        target = urlsplit(urljoin(url, href))
        if target.scheme in ("http", "https", "") and target.netloc in ("", "testserver"):
            if target.path and not target.path.startswith(NOT_CRAWLED):
                yield target.path


@dataclass
class Visit:
    """A page the crawl opened: its URL and the response."""

    url: str
    response: object


def crawl(client: Client, seeds: list[str]) -> Iterator[Visit]:
    """Each seed, then one page of each URL pattern the pages link to; redirects are not followed."""
    queue = deque(seeds)
    seen = {url if _route(url) is None else _route(url) for url in seeds}
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        yield Visit(url, response)
        if is_html(response):
            for path in _links_to_follow(url, response):
                route = _route(path)
                if route is not None and route not in seen:
                    seen.add(route)
                    queue.append(path)


# Crawled once per role and test process: every check of a role reads the same responses (plain
# data, still readable once the test that built the records has rolled them back).
_visits: dict[str, list[Visit]] = {}


def visits_of(role: str, cast: dict, records: dict) -> list[Visit]:
    """Every page `role` can reach, as that role (anonymous: a client with no session)."""
    if role not in _visits:
        client = Client()
        if cast[role] is not None:
            client.force_login(cast[role])
        _visits[role] = list(crawl(client, seed_urls(role, records)))
    return _visits[role]

"""Latency of each endpoint over HTTP (gunicorn, 2 workers), interleaved with its floor and peer.

For every row: the endpoint's answer is fetched over HTTP and compared with its floor's data
(bench/floors.py) before anything is timed; then the endpoint, its floor (one SQL statement on a
persistent psycopg connection, plus json.dumps) and, for the staff pledge list, its peer (the
plain `.values()` view, over HTTP too) are called in turn, `repeats` times each. The queries of
one request are counted in process (CaptureQueriesContext).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import floors
from bench.timing import interleaved, load_average, ratio
from engagement.models import MemberState, User
from engagement.roles import role_of

LIST_PATH = "/api/v1/pledges/"
LIST_STATUS = "in_progress"
REGION = "019"
FOCAL_STATE = "KEN"
NOOP_PATH = "/bench/noop/"
PEER_PATH = "/bench/plain-pledges/"
LIST_TARGET = 2.0
REGION_TARGET = 2.5
AGGREGATE_TARGET = 1.5
CACHED_TARGET = 1.5
WARM_UP_ROUNDS = 4


class EndpointFailed(Exception):
    """An endpoint answered with an unexpected status: the number would be meaningless."""


@dataclass
class Caller:
    """A signed-in account: its user, its session cookie, and the floor's view of its scope."""

    label: str
    user: User
    cookie: str
    scope: floors.PledgeScope


@dataclass
class Servers:
    """The ports of the two gunicorn servers: dashboard cache off, and cache on."""

    uncached: int
    cached: int


def callers(session_cookie: Callable[[User], str]) -> dict[str, Caller]:
    """The first staff account and the first focal point of Kenya."""
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    if staff is None:
        raise EndpointFailed("no active staff account: run seed_scale first")
    kenya = MemberState.objects.get(iso3=FOCAL_STATE)
    focal = next(
        (user for user in User.objects.filter(member_state=kenya, is_active=True).order_by("pk")
         if role_of(user) == "focal_point"),
        None,
    )  # fmt: skip
    if focal is None:
        raise EndpointFailed(f"no focal point of {FOCAL_STATE}: run seed_scale first")
    return {
        "staff": Caller("staff", staff, session_cookie(staff), floors.PledgeScope()),
        "focal": Caller(
            f"focal point of {FOCAL_STATE}", focal, session_cookie(focal), floors.PledgeScope(kenya.pk)
        ),
    }


def http_get(port: int, path: str, cookie: str) -> bytes:
    """One GET over a new loopback connection (gunicorn's sync workers close it after each answer)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise EndpointFailed(f"GET {path} answered {response.status}: {body[:200]!r}")
    return body


def count_queries(user: User, path: str, *, cached: bool) -> int:
    """The queries of one request, in process (a cached row's cache primed first)."""
    client = Client()
    client.force_login(user)
    if cached:
        client.get(path, HTTP_ACCEPT="application/json")
        with CaptureQueriesContext(connection) as captured:
            client.get(path, HTTP_ACCEPT="application/json")
    else:
        with override_settings(DASHBOARD_CACHE_SECONDS=0), CaptureQueriesContext(connection) as captured:
            client.get(path, HTTP_ACCEPT="application/json")
    return len(captured.captured_queries)


@dataclass
class Row:
    """One timed request: how to call it, its floor, its peer if any, and its target."""

    name: str
    path: str
    caller: Caller
    floor: floors.Floor | None
    target: float
    peer_path: str | None = None
    cached: bool = False


def _list_query(region: str | None) -> dict[str, str]:
    query = {"status": LIST_STATUS, "page_size": "50"}
    if region:
        query["region"] = region
    return query


def rows(*, who: dict[str, Caller], year: int, today: dt.date, port: int, stored: bool) -> list[Row]:
    """Every timed request of the issue's table, with its floor and target."""
    stale = settings.PLEDGE_STALE_AFTER_CYCLES
    planned = []
    for region in (None, REGION):
        query = _list_query(region)
        # DRF's next link: this server's address, the query sorted, page=2.
        next_url = f"http://127.0.0.1:{port}{LIST_PATH}?{urlencode(sorted({**query, 'page': '2'}.items()))}"
        for key in ("staff", "focal"):
            caller = who[key]
            floor = floors.pledge_list(
                scope=caller.scope, status=LIST_STATUS, region_m49=region, today=today,
                next_url=next_url, stored_verification=stored, stale_cycles=stale,
            )  # fmt: skip
            peer_query = {"status": LIST_STATUS, **({"region": region} if region else {})}
            planned.append(
                Row(
                    name=f"pledges, status={LIST_STATUS}, 50 rows{f', region={region}' if region else ''}, "
                    f"{caller.label}",
                    path=f"{LIST_PATH}?{urlencode(query)}",
                    caller=caller,
                    floor=floor,
                    target=REGION_TARGET if region else LIST_TARGET,
                    peer_path=f"{PEER_PATH}?{urlencode(peer_query)}" if key == "staff" else None,
                )
            )
    staff = who["staff"]
    aggregates = [
        (f"reports/annual/{year}/", f"/api/v1/reports/annual/{year}/", floors.annual(year=year)),
        (
            f"dashboard/summary/?year={year}",
            f"/api/v1/dashboard/summary/?year={year}",
            floors.summary(year=year, today=today, stale_cycles=stale),
        ),
        (
            "dashboard/pledges/?group_by=region",
            "/api/v1/dashboard/pledges/?group_by=region",
            floors.breakdown_by_region(),
        ),
    ]
    for name, path, floor in aggregates:
        planned.append(Row(f"{name}, not cached", path, staff, floor, AGGREGATE_TARGET))
    for name, path, floor in aggregates:
        planned.append(Row(f"{name}, cached", path, staff, floor, CACHED_TARGET, cached=True))
    return planned


def measure_row(row: Row, *, servers: Servers, floor_db: floors.FloorConnection, repeats: int, log) -> dict:
    """Check the row's answer against its floor, then time it interleaved with its baselines."""
    port = servers.cached if row.cached else servers.uncached
    result: dict = {"name": row.name, "path": row.path, "as": row.caller.label, "load_before": load_average()}
    try:
        endpoint = json.loads(http_get(port, row.path, row.caller.cookie))
        floors.check_equal(row.name, endpoint, floor_db.data(row.floor))
        result["checked_equal"] = True
        calls: dict[str, Callable[[], object]] = {"app": lambda: http_get(port, row.path, row.caller.cookie)}
        if row.cached:
            calls["noop"] = lambda: http_get(port, NOOP_PATH, row.caller.cookie)
        else:
            calls["floor"] = lambda: floor_db.body(row.floor)
        if row.peer_path:
            calls["peer"] = lambda: http_get(port, row.peer_path, row.caller.cookie)
        timings = interleaved(calls, repeats=repeats)
    except EndpointFailed as error:
        result["error"] = str(error)
        log(f"  {row.name}: FAILED {error}")
        return result
    for name, timing in timings.items():
        result[name] = timing.as_dict()
    base = "noop" if row.cached else "floor"
    result["baseline"] = (
        "no-op authenticated request" if row.cached else "floor: one SQL statement + json.dumps"
    )
    result["ratio"] = ratio(timings["app"].median_ms, timings[base].median_ms)
    if "peer" in timings:
        result["peer_ratio"] = ratio(timings["app"].median_ms, timings["peer"].median_ms)
    result["target"] = row.target
    result["met"] = result["ratio"] is not None and result["ratio"] <= row.target
    result["queries"] = count_queries(row.caller.user, row.path, cached=row.cached)
    result["load_after"] = load_average()
    log(
        f"  {row.name}: app {result['app']['median_ms']} ms, {base} {result[base]['median_ms']} ms, "
        f"ratio {result['ratio']} (target {row.target}: {'met' if result['met'] else 'NOT MET'}), "
        f"{result['queries']} queries, load {result['load_after'][0]}"
    )
    return result


def measure_endpoints(
    *,
    servers: Servers,
    floor_db: floors.FloorConnection,
    who: dict[str, Caller],
    year: int,
    repeats: int,
    log,
) -> list[dict]:
    """One result per row of `rows()`."""
    today = timezone.localdate()
    planned = rows(
        who=who, year=year, today=today, port=servers.uncached, stored=floor_db.has_stored_verification
    )
    warm_up(planned, servers)
    return [measure_row(row, servers=servers, floor_db=floor_db, repeats=repeats, log=log) for row in planned]


def warm_up(planned: list[Row], servers: Servers, rounds: int = WARM_UP_ROUNDS) -> None:
    """Every path a few times on its server, so each gunicorn worker has imported, compiled and
    connected before any timing (a cold worker's first requests cost several times a warm one's)."""
    for _ in range(rounds):
        for row in planned:
            port = servers.cached if row.cached else servers.uncached
            for path in (row.path, row.peer_path, NOOP_PATH):
                if path:
                    http_get(port, path, row.caller.cookie)

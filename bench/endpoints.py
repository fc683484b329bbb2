"""Latency of each endpoint through the full Django stack, with its baseline where one applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from bench import baselines
from bench.timing import measure, measure_pair, ratio
from engagement.models import User
from pledges.models import Pledge

LIST_FILTERS = "status=in_progress&area=policy_and_plans"
# Endpoints whose figures dashboards/selectors/cache.py caches.
CACHED_AGGREGATES = ("dashboard/", "reports/annual/")


class EndpointFailed(Exception):
    """An endpoint answered with an unexpected status: the number would be meaningless."""


@dataclass
class Fixture:
    """What the scenarios need from the database: a staff user, some pledge ids, the dates."""

    staff: User
    pledge_ids: list[int]
    open_pledges: list[tuple[int, int]]
    today: dt.date

    @classmethod
    def load(cls) -> Fixture:
        staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
        if staff is None:
            raise EndpointFailed("no active staff account: run seed_scale first")
        ids = list(Pledge.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, _count() // 200)])
        open_pledges = list(
            Pledge.objects.filter(status="in_progress", progress__lt=100)
            .order_by("pk")
            .values_list("pk", "progress")[:400]
        )
        return cls(staff=staff, pledge_ids=ids, open_pledges=open_pledges, today=timezone.localdate())


def _count() -> int:
    return Pledge.objects.count()


def _getter(client: Client, url: Callable[[int], str], expect: int = 200) -> Callable[[int], object]:
    def call(index: int):
        response = client.get(url(index), HTTP_ACCEPT="application/json")
        if response.status_code != expect:
            raise EndpointFailed(f"GET {url(index)} answered {response.status_code}")
        return response

    return call


def _poster(client: Client, fixture: Fixture) -> Callable[[int], object]:
    def call(index: int):
        pk, progress = fixture.open_pledges[index % len(fixture.open_pledges)]
        body = {"status": "in_progress", "progress": progress, "narrative": "Benchmark report."}
        response = client.post(f"/api/v1/pledges/{pk}/reports/", body, content_type="application/json")
        if response.status_code != 201:
            raise EndpointFailed(
                f"POST reports on {pk} answered {response.status_code}: {response.content[:200]}"
            )
        return response

    return call


def _sql(statements) -> Callable[[int], object]:
    return lambda index: baselines.run_statements(statements)


def scenarios(
    fixture: Fixture, staff: Client, anonymous: Client
) -> list[tuple[str, Callable, Callable | None]]:
    """(name, endpoint call, baseline call or None) for every measured endpoint."""
    year = fixture.today.year
    last = fixture.today.replace(day=1)
    first = (last - dt.timedelta(days=335)).replace(day=1)
    end = (last + dt.timedelta(days=32)).replace(day=1)
    ids = fixture.pledge_ids
    summary_sql = baselines.summary_statements(
        year=year, today=fixture.today, stale_cycles=settings.PLEDGE_STALE_AFTER_CYCLES
    )
    return [
        (
            "pledge list (page of 50, filtered)",
            _getter(staff, lambda i: f"/api/v1/pledges/?{LIST_FILTERS}&page_size=50"),
            _getter(staff, lambda i: f"/bench/plain-pledges/?{LIST_FILTERS}"),
        ),
        ("pledge detail", _getter(staff, lambda i: f"/api/v1/pledges/{ids[i % len(ids)]}/"), None),
        ("progress-report POST", _poster(staff, fixture), None),
        (
            "dashboard/summary/",
            _getter(staff, lambda i: f"/api/v1/dashboard/summary/?year={year}"),
            _sql(summary_sql),
        ),
        (
            "dashboard/pledges/?group_by=region",
            _getter(staff, lambda i: "/api/v1/dashboard/pledges/?group_by=region"),
            _sql(baselines.breakdown_statements()),
        ),
        (
            "dashboard/kpis/ (12 months)",
            # The default window: the 12 months ending with this one (the same as the baseline's).
            _getter(staff, lambda i: "/api/v1/dashboard/kpis/"),
            _sql(baselines.kpi_statements(first_month=first, end=end)),
        ),
        (
            f"reports/annual/{year}/",
            _getter(staff, lambda i: f"/api/v1/reports/annual/{year}/"),
            _sql(baselines.annual_statements(year=year)),
        ),
        ("public pledges list", _getter(anonymous, lambda i: "/api/v1/public/pledges/"), None),
    ]


def _measure_row(name: str, endpoint: Callable, baseline: Callable | None, repeats: int, log) -> dict:
    row: dict = {"name": name}
    try:
        if baseline is None:
            row.update(measure(endpoint, repeats=repeats).as_dict())
        else:
            timed, base = measure_pair(endpoint, baseline, repeats=repeats)
            row.update(timed.as_dict())
            row["baseline"] = base.as_dict()
            row["ratio"] = ratio(timed.median_ms, base.median_ms)
    except EndpointFailed as error:
        row["error"] = str(error)
        log(f"  {name}: FAILED {error}")
        return row
    log(f"  {name}: {row['median_ms']} ms median, {row['queries']} queries, ratio {row.get('ratio')}")
    return row


def measure_endpoints(*, repeats: int, log: Callable[[str], None]) -> list[dict]:
    """One row per endpoint: median, p95, queries, and the baseline with the ratio to it.

    Aggregates are compared with their SQL with the cache off (what a first reader or the
    reader after a write pays), then measured again as cache hits, without a baseline.
    """
    fixture = Fixture.load()
    staff = Client()
    staff.force_login(fixture.staff)
    rows = []
    for name, endpoint, baseline in scenarios(fixture, staff, Client()):
        if name.startswith(CACHED_AGGREGATES):
            with override_settings(DASHBOARD_CACHE_SECONDS=0):
                rows.append(_measure_row(name, endpoint, baseline, repeats, log))
            rows.append(_measure_row(f"{name} (cached)", endpoint, None, repeats, log))
        else:
            rows.append(_measure_row(name, endpoint, baseline, repeats, log))
    return rows

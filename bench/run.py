"""Run the benchmark against DATABASE_URL: `python bench/run.py --factor N` (see bench/README.md)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script from anywhere


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, required=True, help="the N the database was seeded with")
    parser.add_argument("--repeats", type=int, default=40, help="timed requests per row (default 40)")
    parser.add_argument(
        "--year", type=int, default=None, help="year of the aggregates (default: 2 years ago)"
    )
    parser.add_argument(
        "--csv-repeats", type=int, default=3, help="CSV exports and COPYs, in turn (default 3)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="5 repeats, 1 CSV, no load test, sweep on this DB only"
    )
    parser.add_argument("--load-seconds", type=int, default=20, help="seconds of load per path (default 20)")
    parser.add_argument("--no-load", action="store_true", help="skip the wrk load test")
    parser.add_argument("--no-sweep", action="store_true", help="skip the reminder sweep")
    parser.add_argument(
        "--sweep-databases",
        default=None,
        help="comma-separated DATABASE_URLs for the sweep ratio (default: bench_n10 and bench_n100 "
        "on the same server)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="JSON path (default bench/results/<date>-n<N>.json)"
    )
    return parser.parse_args(argv)


def _sibling(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _worker(job: str, database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONWARNINGS": "ignore",
    }
    completed = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.workers", job], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines()
        errors = [line for line in lines if "Error" in line or "Exception" in line]
        return {"error": f"exit {completed.returncode}: {(errors or lines or ['no output'])[-1]}"}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _sweep(options: argparse.Namespace, database_url: str, log) -> dict:
    if options.quick:
        urls = {"this": database_url}
    elif options.sweep_databases:
        small, large = options.sweep_databases.split(",")
        urls = {"N=10": small, "N=100": large}
    else:
        urls = {"N=10": _sibling(database_url, "bench_n10"), "N=100": _sibling(database_url, "bench_n100")}
    runs = {}
    for label, url in urls.items():
        log(f"sweep on {label}...")
        runs[label] = _worker("sweep", url)
    idle = [run.get("idle_seconds") for run in runs.values()]
    ratio = round(idle[1] / idle[0], 2) if len(idle) == 2 and all(idle) else None
    return {"runs": runs, "idle_ratio": ratio}


def main(argv: list[str] | None = None) -> dict:
    options = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bench import report
    from bench.endpoints import Servers, callers, measure_endpoints
    from bench.export import measure_csv
    from bench.floors import FloorConnection
    from bench.load import load_test, session_cookie, start_gunicorn, stop_gunicorn
    from bench.timing import load_average

    database_url = os.environ.get("DATABASE_URL", "")
    repeats = 5 if options.quick else options.repeats
    year = options.year or timezone.localdate().year - 2
    log = print
    started = timezone.now()
    results = {
        "factor": options.factor,
        "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
        "started_at": started.isoformat(timespec="seconds"),
        "commit": _commit(),
        "tree": _tree_state(),
        "cpus": os.cpu_count(),
        "load_average_start": load_average(),
        "repeats": repeats,
        "year": year,
        "counts": _counts(),
        "method": METHOD,
    }
    floor_db = FloorConnection(database_url)
    results["stored_verification"] = floor_db.has_stored_verification
    who = callers(session_cookie)
    uncached, uncached_port = start_gunicorn(database_url, DASHBOARD_CACHE_SECONDS="0")
    cached, cached_port = start_gunicorn(database_url)
    try:
        log(f"endpoints over HTTP ({repeats} interleaved rounds each)...")
        results["endpoints"] = measure_endpoints(
            servers=Servers(uncached=uncached_port, cached=cached_port),
            floor_db=floor_db,
            who=who,
            year=year,
            repeats=repeats,
            log=log,
        )
        stop_gunicorn(uncached)
        log("CSV export against COPY...")
        results["csv"] = measure_csv(
            floor_db,
            who["staff"].user,
            repeats=1 if options.quick else options.csv_repeats,
            export=lambda: _worker("csv", database_url),
            log=log,
        )
        if not (options.quick or options.no_load):
            log(f"load test ({options.load_seconds} s per path)...")
            paths = {
                "pledge list (staff, status=in_progress, 50 rows)": (
                    "/api/v1/pledges/?status=in_progress&page_size=50"
                ),
                "no-op": "/bench/noop/",
                "dashboard summary (cached)": f"/api/v1/dashboard/summary/?year={year}",
            }
            results["load"] = load_test(
                port=cached_port, cookie=who["staff"].cookie, paths=paths, seconds=options.load_seconds
            )
    finally:
        for process in (uncached, cached):
            if process.poll() is None:
                stop_gunicorn(process)
        floor_db.close()
    if not options.no_sweep:
        results["sweep"] = _sweep(options, database_url, log)
    results["load_average_end"] = load_average()
    results["targets"] = report.check_targets(results)
    out = (
        options.out or ROOT / "bench" / "results" / f"{timezone.localdate():%Y-%m-%d}-n{options.factor}.json"
    )
    report.write_json(results, out)
    log("")
    log(report.table(results))
    log("")
    log(report.markdown(results))
    log(f"\nJSON written to {out}")
    return results


METHOD = (
    "Endpoints over HTTP against gunicorn (2 sync workers, bench.wsgi, loopback, a new TCP connection "
    "per request); uncached rows on a server with DASHBOARD_CACHE_SECONDS=0, cached rows on one with "
    "the default. Each row: the endpoint's JSON is checked equal to its floor's before timing; then "
    "app, floor (and peer) are called in turn, `repeats` rounds after 2 warm-up rounds. Floor: one "
    "hand-written SQL statement on a persistent autocommit psycopg connection, fetched, json.dumps. "
    "Peer: the plain .values() view over HTTP. Cached rows are compared with the no-op authenticated "
    "request on the same server. Times in ms: median, p10, p90. Queries counted in process."
)


def _counts() -> dict[str, int]:
    from engagement.models import MemberState
    from meetings.models import FollowUpAction, Meeting
    from pledges.models import Pledge, ProgressReport
    from reminders.models import Reminder
    from visits.models import CountryVisit

    models = {
        "member_states": MemberState,
        "meetings": Meeting,
        "visits": CountryVisit,
        "pledges": Pledge,
        "reports": ProgressReport,
        "follow_ups": FollowUpAction,
        "reminders": Reminder,
    }
    return {name: model.objects.count() for name, model in models.items()}


def _tree_state() -> list[str]:
    """`git status --short` of the measured tree: what was measured besides the commit."""
    completed = subprocess.run(
        ["git", "status", "--short"],  # noqa: S607 - git from PATH, as a developer runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return completed.stdout.splitlines()


def _commit() -> str:
    completed = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, as a developer runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip() or "unknown"


if __name__ == "__main__":
    main()

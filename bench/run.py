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
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per endpoint (default 30)")
    parser.add_argument("--quick", action="store_true", help="5 repeats, no load test, sweep on this DB only")
    parser.add_argument("--load-seconds", type=int, default=20, help="seconds of load per path (default 20)")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
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
    seconds = [run.get("seconds") for run in runs.values()]
    ratio = round(seconds[1] / seconds[0], 2) if len(seconds) == 2 and all(seconds) else None
    return {"runs": runs, "ratio": ratio}


def main(argv: list[str] | None = None) -> dict:
    options = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from bench import report
    from bench.endpoints import Fixture, measure_endpoints
    from bench.load import load_test

    database_url = os.environ.get("DATABASE_URL", "")
    repeats = 5 if options.quick else options.repeats
    log = print
    started = timezone.now()
    results = {
        "factor": options.factor,
        "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
        "started_at": started.isoformat(timespec="seconds"),
        "commit": _commit(),
        "repeats": repeats,
        "counts": _counts(),
    }
    log(f"endpoints ({repeats} timed requests each)...")
    results["endpoints"] = measure_endpoints(repeats=repeats, log=log)
    results["sweep"] = _sweep(options, database_url, log)
    log("CSV export...")
    results["csv"] = _worker("csv", database_url)
    if not (options.quick or options.no_load):
        log(f"load test ({options.load_seconds} s per path)...")
        paths = {
            "pledge list": "/api/v1/pledges/?status=in_progress&area=policy_and_plans&page_size=50",
            "dashboard summary": f"/api/v1/dashboard/summary/?year={started.year}",
        }
        results["load"] = load_test(
            database_url=database_url, user=Fixture.load().staff, paths=paths, seconds=options.load_seconds
        )
    results["targets"] = report.check_targets(results)
    out = (
        options.out or ROOT / "bench" / "results" / f"{timezone.localdate():%Y-%m-%d}-n{options.factor}.json"
    )
    report.write_json(results, out)
    log("")
    log(report.table(results))
    log(f"\nJSON written to {out}")
    return results


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

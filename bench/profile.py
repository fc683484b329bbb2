"""Where one request's milliseconds go: `python -m bench.profile PATH [--as staff|focal] [--top 25]`.

Runs the request in process (bench settings, dashboard cache off) a few times to warm up, then
once under cProfile and once under CaptureQueriesContext: prints the total, the time in SQL
(each query's duration as Django's debug cursor measures it), and the functions with the most
cumulative time. Used for the "why" of a target not met in bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def profile(path: str, *, caller: str, top: int, warmup: int = 5) -> str:
    """The report for one GET of `path` as `caller` (`staff` or `focal`)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.endpoints import callers

    user = callers(lambda user: "")[caller].user
    client = Client()
    client.force_login(user)
    lines = [f"GET {path} as {user}"]
    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        for _ in range(warmup):
            client.get(path, HTTP_ACCEPT="application/json")
        started = time.perf_counter()
        client.get(path, HTTP_ACCEPT="application/json")
        lines.append(f"one request: {(time.perf_counter() - started) * 1000:.2f} ms (no profiler)")
        with CaptureQueriesContext(connection) as captured:
            client.get(path, HTTP_ACCEPT="application/json")
        sql_ms = sum(float(query["time"]) for query in captured.captured_queries) * 1000
        lines.append(f"{len(captured.captured_queries)} queries, {sql_ms:.2f} ms in SQL (execute and fetch):")
        for query in captured.captured_queries:
            lines.append(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:160]}")
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path, HTTP_ACCEPT="application/json")
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    lines.append(out.getvalue())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--as", dest="caller", choices=["staff", "focal"], default="staff")
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    print(profile(options.path, caller=options.caller, top=options.top))


if __name__ == "__main__":
    main()

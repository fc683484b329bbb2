"""Throughput under concurrent load: gunicorn with 2 workers on loopback, wrk or a thread-pool client."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 8
WORKERS = 2
THROUGHPUT_TARGET = 0.2


def session_cookie(user) -> str:
    """A real session row for `user`, so load requests authenticate like a signed-in browser."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(database_url: str, **extra_env: str) -> tuple[subprocess.Popen, int]:
    """gunicorn with WORKERS sync workers on a free loopback port, bench settings; waits until it listens."""
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        **extra_env,
    }
    command = [
        str(gunicorn),
        "bench.wsgi:application",
        "-w",
        str(WORKERS),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own fixed command
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start within 30 s")


def _wrk(url: str, cookie: str, seconds: int) -> dict:
    # A 10 s timeout: under load a slow answer is slow, not an error (wrk's default is 2 s).
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(value) for value in socket_errors.groups()) if socket_errors else 0
    return {"tool": "wrk", "requests": total, "requests_per_second": round(rate, 1), "errors": errors}


def _python_client(port: int, path: str, cookie: str, seconds: int) -> dict:
    deadline = time.monotonic() + seconds

    def worker() -> tuple[int, int]:
        done = failed = 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", path, headers={"Cookie": cookie, "Accept": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    done += 1
                else:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
        return done, failed

    started = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        results = list(pool.map(lambda _: worker(), range(CONNECTIONS)))
    elapsed = time.monotonic() - started
    done = sum(ok for ok, _ in results)
    return {
        "tool": "python thread pool",
        "requests": done,
        "requests_per_second": round(done / elapsed, 1),
        "errors": sum(bad for _, bad in results),
    }


def stop_gunicorn(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def load_test(*, port: int, cookie: str, paths: dict[str, str], seconds: int) -> dict:
    """Requests per second and errors for each path, `seconds` each, CONNECTIONS at a time.

    `paths` names the no-op request `no-op`: each other path's rate is also given as a fraction
    of it (`of_noop`); the pledge list's is the throughput target.
    """
    rows = []
    for name, path in paths.items():
        if shutil.which("wrk"):
            result = _wrk(f"http://127.0.0.1:{port}{path}", cookie, seconds)
        else:
            result = _python_client(port, path, cookie, seconds)
        rows.append(
            {
                "name": name,
                "path": path,
                "seconds": seconds,
                "connections": CONNECTIONS,
                "workers": WORKERS,
                **result,
            }
        )
    noop = next((row["requests_per_second"] for row in rows if row["name"] == "no-op"), None)
    for row in rows:
        if noop and row["name"] != "no-op":
            row["of_noop"] = round(row["requests_per_second"] / noop, 3)
    return {"rows": rows, "target": THROUGHPUT_TARGET}

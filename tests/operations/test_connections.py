"""Persistent database connections with health checks (CONN_MAX_AGE, CONN_HEALTH_CHECKS), seen
from the database's side while a real gunicorn worker serves requests.

The test client cannot show this: it disconnects Django's connection handling around each request.
"""

from __future__ import annotations

import os
import signal
import subprocess
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.fixtures.services import database_url_of_tests, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_FEED = "/api/v1/public/pledges/"

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_settings_keep_connections_and_check_them():
    assert connection.settings_dict["CONN_MAX_AGE"] >= 60
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


@pytest.fixture
def web():
    """One gunicorn worker (config/gunicorn.py) on the test database, its connections named."""
    if connection.vendor != "postgresql":
        pytest.skip("connections are watched in PostgreSQL's pg_stat_activity")
    name = f"conn-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": f"{database_url_of_tests()}?application_name={name}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(  # noqa: S603 (our own venv's gunicorn, fixed arguments)
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 (a local http URL)
        except OSError:
            return process.poll() is not None
        return True

    wait_until(answers, timeout=30)
    yield url, name
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (a local http URL)
        return answer.status


def server_pids(name: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s ORDER BY pid", [name])
        return [row[0] for row in cursor.fetchall()]


def test_requests_share_one_kept_connection(web):
    url, name = web
    for _ in range(5):
        assert get(f"{url}{PUBLIC_FEED}") == 200
    # Five requests, one connection, still open after them (not one opened and closed per request).
    assert len(server_pids(name)) == 1


def test_a_connection_the_database_dropped_is_replaced_without_an_error(web):
    url, name = web
    assert get(f"{url}{PUBLIC_FEED}") == 200
    [dropped] = server_pids(name)
    with connection.cursor() as cursor:  # a restart, a failover, a proxy's idle timeout
        cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    wait_until(lambda: dropped not in server_pids(name))
    assert get(f"{url}{PUBLIC_FEED}") == 200  # the health check found it dead: no 500
    [replacement] = server_pids(name)
    assert replacement != dropped


@pytest.mark.django_db
def test_the_apps_postgresql_sessions_run_without_jit():
    """docs/operations.md: the planner's JIT cost the pledge export more than it saved."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

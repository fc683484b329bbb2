"""One structured line per request: method, path, status, duration in ms, user id and request id;
JSON with LOG_FORMAT=json (checked in a real gunicorn), text otherwise."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.fixtures.services import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.DEBUG, logger="operations.requests")
    return lambda: [record for record in caplog.records if record.name == "operations.requests"]


def test_one_line_per_request_with_its_fields(client, request_lines):
    client.get("/api/v1/", HTTP_X_REQUEST_ID="req-line-1")

    [record] = request_lines()
    assert record.levelno == logging.INFO
    assert (record.method, record.path, record.status, record.user_id, record.request_id) == (
        "GET",
        "/api/v1/",
        200,
        None,
        "req-line-1",
    )
    assert isinstance(record.duration_ms, float)
    assert record.duration_ms > 0
    assert record.getMessage() == f"GET /api/v1/ 200 {record.duration_ms}ms user=-"


def test_the_line_names_the_signed_in_user(api, staff, request_lines):
    api(staff).get("/api/v1/member-states/")

    [record] = request_lines()
    assert (record.status, record.user_id) == (200, staff.pk)


def test_the_line_names_the_user_of_a_signed_in_page(web, staff, request_lines):
    web(staff).get("/")

    [record] = request_lines()
    assert (record.status, record.user_id) == (200, staff.pk)


def test_the_path_is_logged_without_its_query_string_and_escaped(client, request_lines):
    client.get("/no-such-page/%0Aforged line/?token=secret")

    [record] = request_lines()
    assert record.path == "/no-such-page/%0Aforged%20line/"
    assert "secret" not in record.getMessage()


def test_logging_the_line_costs_no_query(client, db, django_assert_num_queries, request_lines):
    client.cookies["sessionid"] = "a-session-nobody-looked-up"
    with django_assert_num_queries(0):
        client.get("/healthz")

    assert request_lines()[0].user_id is None


def test_probes_answered_ok_are_logged_at_debug_only(client, request_lines):
    client.get("/healthz")

    assert [record.levelno for record in request_lines()] == [logging.DEBUG]


def test_an_unknown_log_format_is_refused_at_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr


@pytest.fixture
def gunicorn_json(tmp_path):
    """The production server with LOG_FORMAT=json, its standard error kept in a file."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603  (our own venv's gunicorn, fixed arguments)
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                "config/gunicorn.py",  # the web process exactly as docs/operations.md starts it
                "config.wsgi",
            ],
            cwd=ROOT,
            # The page asked for reads no table and no cache: an empty SQLite file, no Redis.
            env={
                **os.environ,
                "LOG_FORMAT": "json",
                "LOG_LEVEL": "INFO",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
                "REDIS_URL": "",
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": "1",
            },
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310  (a local http URL)
        except OSError:
            return process.poll() is not None
        return True

    wait_until(answers, timeout=30)
    yield url, log
    process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown.
    process.wait(timeout=10)


def test_gunicorn_writes_the_request_line_as_json_with_log_format_json(gunicorn_json):
    url, log = gunicorn_json
    request = urllib.request.Request(f"{url}/api/v1/", headers={"X-Request-ID": "req-gunicorn-1"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310  (both: a local http URL)
        assert answer.headers["X-Request-ID"] == "req-gunicorn-1"

    def request_line() -> dict | None:
        for line in log.read_text().splitlines():
            if line.startswith("{") and json.loads(line).get("logger") == "operations.requests":
                return json.loads(line)
        return None

    line = wait_until(request_line, timeout=10)
    assert {key: line[key] for key in ("level", "method", "path", "status", "user_id", "request_id")} == {
        "level": "INFO",
        "method": "GET",
        "path": "/api/v1/",
        "status": 200,
        "user_id": None,
        "request_id": "req-gunicorn-1",
    }
    assert line["duration_ms"] > 0
    assert line["message"].startswith("GET /api/v1/ 200 ")
    assert line["time"].endswith("+00:00")
    # config/gunicorn.py keeps gunicorn's own access line off: ours is the one line per request.
    assert not [text for text in log.read_text().splitlines() if '"GET /api/v1/ HTTP/1.1"' in text]

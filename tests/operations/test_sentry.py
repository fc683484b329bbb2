"""With SENTRY_DSN set, an unhandled error reaches Sentry with the request id and without personal
data. A local HTTP server stands in for Sentry's ingest endpoint (the DSN points at 127.0.0.1)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.operations.urls_with_failure import FAILURE_MESSAGE

ROOT = Path(__file__).resolve().parents[2]

# A web process with the settings of the environment, answering one request that fails.
FAILING_REQUEST = """
import django
django.setup()
import sentry_sdk
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tests.operations.urls_with_failure"):
    response = Client(raise_request_exception=False).get(
        "/failing/", HTTP_X_REQUEST_ID="req-sentry-1", HTTP_COOKIE="sessionid=not-for-sentry"
    )
print(response.status_code)
sentry_sdk.flush(timeout=10)
"""


class SentryIngest(BaseHTTPRequestHandler):
    """Keeps the items of every envelope POSTed to it, as Sentry's /api/<project>/envelope/ would."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        # The SDK compresses with brotli when the module is importable (WeasyPrint's fontTools
        # brings it), gzip otherwise.
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.envelopes.append(
            (self.path, [json.loads(line) for line in body.splitlines() if line.strip()])
        )
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def sentry_ingest():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryIngest)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_failing_request(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def test_an_unhandled_error_reaches_sentry_with_the_request_id(sentry_ingest, database_url):
    if "mode=memory" in database_url:
        pytest.skip(
            "the request signs in from the session table: another process cannot read an in-memory SQLite"
        )
    port = sentry_ingest.server_address[1]

    result = run_failing_request(
        {
            "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42",
            "SENTRY_ENVIRONMENT": "staging",
            "SENTRY_RELEASE": "tracker@1.4.0",
            "DATABASE_URL": database_url,
        }
    )

    assert result.stdout.split()[-1] == "500"
    events = [
        item
        for path, items in sentry_ingest.envelopes
        if path == "/api/42/envelope/"
        for item in items
        if "exception" in item
    ]
    [event] = [event for event in events if event["exception"]["values"][-1]["value"] == FAILURE_MESSAGE]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert (event["environment"], event["release"]) == ("staging", "tracker@1.4.0")
    assert event["tags"]["request_id"] == "req-sentry-1"
    assert "not-for-sentry" not in json.dumps(event)  # send_default_pii is off: no cookies.

"""An unhandled error in a request is mailed to ADMINS, with the request id to find its log lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.operations.urls_with_failure import FAILURE_MESSAGE

pytestmark = pytest.mark.urls("tests.operations.urls_with_failure")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    return settings.ADMINS


def test_an_unhandled_error_is_mailed_to_admins_with_the_request_id(admins, smtp_server):
    response = Client(raise_request_exception=False).get("/failing/", HTTP_X_REQUEST_ID="req-mail-1")

    assert response.status_code == 500
    # The page gives the same reference, for a user writing to the office about it.
    assert "<code>req-mail-1</code>" in response.content.decode()
    [mail] = smtp_server.messages_to("ops@example.org")
    assert "Internal Server Error: /failing/" in mail.message["Subject"]
    assert mail.message["Subject"].endswith("[request req-mail-1]")
    assert "Request id: req-mail-1" in mail.text
    assert "RuntimeError at /failing/" in mail.text
    assert FAILURE_MESSAGE in mail.text


def test_a_page_not_found_is_not_mailed(admins, smtp_server):
    assert Client().get("/no-such-page/").status_code == 404

    assert smtp_server.messages == []


def test_a_failing_readiness_probe_is_not_mailed_at_every_probe(admins, smtp_server, db, redis_down):
    assert Client().get("/readyz").status_code == 503

    assert smtp_server.messages == []


def test_nothing_is_mailed_without_admins(smtp_server, settings):
    settings.ADMINS = []

    assert Client(raise_request_exception=False).get("/failing/").status_code == 500

    assert smtp_server.messages == []


def test_admins_are_read_from_the_environment_as_a_list_of_addresses():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.ADMINS)",
        ],
        cwd=ROOT,
        env={**os.environ, "ADMINS": '"Ops, Geneva" <ops@example.org>, dev@example.org'},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.splitlines()[-1] == "[('Ops, Geneva', 'ops@example.org'), ('', 'dev@example.org')]"

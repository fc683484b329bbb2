"""GET /readyz: database reachable and migrated, broker and cache reachable, a worker seen, and the
last reminder sweep; 200 when ready, 503 with the same report when not."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from operations.heartbeats import worker_heartbeat_record
from reminders.recording import reminders_sweep
from tests.fixtures.services import free_port

URL = "/readyz"
ROOT = Path(__file__).resolve().parents[2]
PROBE_IN_A_PROCESS = (
    "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
)
COMPONENTS = {"database", "broker", "worker", "sweep"}


def beat(redis_up, queue: str, *, seconds_ago: float = 0) -> None:
    """A worker of `queue` beat `seconds_ago`, as operations.heartbeats.WorkerHeartbeat records it."""
    worker_heartbeat_record(
        client=redis_up, queues=[queue], worker="worker-1@test", now=time.time() - seconds_ago
    )


@pytest.fixture
def worker_seen(redis_up, queue):
    beat(redis_up, queue)


def test_ready_with_the_database_redis_and_a_worker_up(client, db, worker_seen, queue):
    response = client.get(URL)

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert set(report["components"]) == COMPONENTS
    assert {name: component["status"] for name, component in report["components"].items()} == dict.fromkeys(
        COMPONENTS, "ok"
    )
    assert report["components"]["database"] == {
        "status": "ok",
        "vendor": "postgresql",
        "unapplied_migrations": 0,
    }
    assert report["components"]["broker"] == {"status": "ok", "cache": "ok"}
    worker = report["components"]["worker"]
    assert (worker["queue"], worker["workers"]) == (queue, 1)
    assert worker["seconds_ago"] <= 5


def test_not_ready_when_redis_is_down(client, db, redis_down):
    started = time.monotonic()
    response = client.get(URL)

    assert time.monotonic() - started < 1
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "fail"
    assert report["components"]["database"]["status"] == "ok"
    assert report["components"]["broker"] == {
        "status": "fail",
        "error": "ConnectionError",
        "cache": "fail",
        "cache_error": "ConnectionError",
    }
    assert report["components"]["worker"]["status"] == "fail"


def test_readyz_answers_within_a_second_when_redis_does_not_answer_at_all(client, db, settings, queue):
    """192.0.2.1 (TEST-NET-1) is never routed: the connection hangs until the probe's timeout."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://192.0.2.1:6379/0"

    started = time.monotonic()
    response = client.get(URL)

    assert time.monotonic() - started < 1
    assert response.status_code == 503
    assert response.json()["components"]["broker"]["status"] == "fail"


def test_not_ready_when_no_worker_beat_recently(client, db, redis_up, queue, settings):
    beat(redis_up, queue, seconds_ago=settings.READYZ_WORKER_MAX_AGE_SECONDS + 10)

    response = client.get(URL)

    assert response.status_code == 503
    worker = response.json()["components"]["worker"]
    assert (worker["status"], worker["workers"]) == ("fail", 0)
    assert worker["seconds_ago"] >= settings.READYZ_WORKER_MAX_AGE_SECONDS


def test_a_worker_of_another_queue_does_not_count(client, db, redis_up, queue):
    beat(redis_up, f"{queue}-other")

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["components"]["worker"]["last_seen"] is None


def test_not_ready_when_the_database_is_down():
    """A web process whose PostgreSQL does not listen (a process of its own: this one's database
    connection is the test's)."""
    result = subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "manage.py", "shell", "-c", PROBE_IN_A_PROCESS],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": f"postgres://tracker:secret@127.0.0.1:{free_port()}/tracker",
            "REDIS_URL": "",
        },
        capture_output=True,
        text=True,
        check=True,
    )

    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    components = json.loads(body)["components"]
    assert components["database"] == {"status": "fail", "error": "OperationalError"}
    assert components["sweep"] == {"status": "fail", "error": "database unreachable"}
    assert "secret" not in body
    assert "127.0.0.1" not in body


def test_not_ready_when_a_migration_is_not_applied(client, db, worker_seen):
    app_label, name = MigrationExecutor(connection).loader.graph.leaf_nodes()[0]
    MigrationRecorder(connection).record_unapplied(app_label, name)  # Rolled back with the test.

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["components"]["database"] == {
        "status": "fail",
        "vendor": "postgresql",
        "unapplied_migrations": 1,
    }


def test_the_embedded_default_runs_tasks_in_process_and_is_ready(client, db, embedded_default):
    response = client.get(URL)

    assert response.status_code == 200
    components = response.json()["components"]
    assert components["broker"] == {"status": "in_process", "cache": "in_process"}
    assert components["worker"] == {"status": "in_process"}


def test_a_fresh_install_that_never_swept_is_ready(client, db, worker_seen):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["components"]["sweep"] == {
        "status": "ok",
        "last_finished_at": None,
        "stale_after_hours": 26,
    }


def test_the_last_sweep_is_reported(client, db, worker_seen, reference_data):
    swept_at = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)
    with time_machine.travel(swept_at, tick=False):
        reminders_sweep()

    response = client.get(URL)

    assert response.status_code == 200
    sweep = response.json()["components"]["sweep"]
    assert sweep["status"] == "ok"
    assert sweep["last_finished_at"] == swept_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def test_a_sweep_older_than_26_hours_is_stale_but_still_ready(client, db, worker_seen, reference_data):
    with time_machine.travel(timezone.now() - dt.timedelta(hours=27), tick=False):
        reminders_sweep()

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["components"]["sweep"]["status"] == "stale"


def test_readyz_needs_no_sign_in_and_is_never_cached(client, db, worker_seen):
    response = client.get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_readyz_answers_a_load_balancer_probing_by_ip_address_over_http(client, db, worker_seen, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(URL, HTTP_HOST="10.20.30.40")

    assert response.status_code == 200


def test_readyz_is_not_throttled(client, db, worker_seen, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min"},
    }

    statuses = {client.get(URL).status_code for _ in range(5)}

    assert statuses == {200}


def test_the_report_reveals_no_url_or_host(client, db, redis_down, settings):
    body = client.get(URL).content.decode()

    assert "redis://" not in body
    assert "127.0.0.1" not in body
    assert settings.DATABASES["default"]["NAME"] not in body

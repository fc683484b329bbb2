"""A real Celery worker beats into Redis (operations.heartbeats.WorkerHeartbeat) and /readyz sees it;
once the worker shuts down it no longer counts."""

from __future__ import annotations

import pytest

from tests.fixtures.services import wait_until
from tests.operations.conftest import use_broker

pytestmark = pytest.mark.celery_worker

URL = "/readyz"


@pytest.fixture
def web_on_the_workers_queue(settings, celery_worker_process):
    """This process sends to the worker's queue on the worker's Redis, as a web process would."""
    use_broker(settings, celery_worker_process.redis_url)
    settings.CELERY_TASK_DEFAULT_QUEUE = celery_worker_process.queue
    return celery_worker_process


def test_a_running_worker_makes_the_process_ready(client, web_on_the_workers_queue):
    response = wait_until(lambda: (response := client.get(URL)).status_code == 200 and response)

    worker = response.json()["components"]["worker"]
    assert (worker["status"], worker["queue"], worker["workers"]) == ("ok", web_on_the_workers_queue.queue, 1)


def test_a_worker_that_shut_down_no_longer_counts(client, web_on_the_workers_queue):
    wait_until(lambda: client.get(URL).status_code == 200)

    web_on_the_workers_queue.stop_all()

    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["components"]["worker"]["workers"] == 0

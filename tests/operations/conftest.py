"""Fixtures of the operations tests: a real Redis as the broker and the cache of the process under
test, a queue of the test's own (so no other test's worker counts), and Redis down."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from operations.heartbeats import heartbeat_key
from tests.fixtures.services import database_url_of_tests, free_port, reachable_redis_url

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def use_broker(settings, url: str) -> None:
    """Tasks go through the broker at `url` (not in process), and the cache is the same Redis."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": uuid.uuid4().hex}}


@pytest.fixture
def database_url(db) -> str:
    """The test database as a DATABASE_URL, for a process started by the test."""
    return database_url_of_tests(sqlite=True)


@pytest.fixture
def redis_url() -> str:
    """The REDIS_URL the suite runs with, reachable (skipped outside CI when it is not)."""
    return reachable_redis_url()


@pytest.fixture
def queue(settings) -> str:
    """A queue only this test's workers consume and beat for."""
    settings.CELERY_TASK_DEFAULT_QUEUE = f"test-operations-{uuid.uuid4().hex[:12]}"
    return settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture
def redis_up(settings, redis_url, queue) -> Iterator[redis.Redis]:
    """Broker and cache on the real Redis; a client to it. The test's heartbeats go afterwards."""
    use_broker(settings, redis_url)
    client = redis.Redis.from_url(redis_url)
    yield client
    for key in client.scan_iter(match=f"{heartbeat_key(queue)}*"):
        client.delete(key)


@pytest.fixture
def redis_down(settings, queue) -> str:
    """Broker and cache on a port nothing listens on: Redis is down."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    use_broker(settings, url)
    return url


@pytest.fixture
def embedded_default(settings) -> None:
    """No REDIS_URL: tasks in process, the cache in local memory (the local run's settings)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_BROKER_URL = "memory://"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

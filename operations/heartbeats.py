"""Worker heartbeats: each Celery worker writes the time into Redis every WORKER_HEARTBEAT_SECONDS,
per queue it consumes, and /readyz reads when a worker of the web's queue was last seen.

Celery's own event heartbeats are not used: they need events on (`--without-heartbeat`,
`--without-gossip` turn them off) and a broadcast to read. One sorted set per queue, a member per
worker (its node name) scored by the time of its last beat, costs one write per beat and one
round trip per probe.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import lru_cache

import redis
from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)

KEY_PREFIX = "operations:worker-heartbeats:"
# Probes must answer in well under a second when Redis is down or unreachable.
REDIS_TIMEOUT_SECONDS = 0.5
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
# Workers gone for a day are dropped from the set, and a set no worker writes to expires.
FORGET_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class WorkersSeen:
    """The workers of one queue seen since a given time, and the latest beat of any worker."""

    count: int
    last_seen: float | None


@lru_cache(maxsize=8)
def redis_client(url: str) -> redis.Redis:
    """A client of the Redis at `url` with short timeouts, kept per URL (its connection pool too)."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry_on_timeout=False,
    )


def heartbeat_key(queue: str) -> str:
    return f"{KEY_PREFIX}{queue}"


def worker_heartbeat_record(*, client: redis.Redis, queues: list[str], worker: str, now: float) -> None:
    """Record that `worker` consuming `queues` is alive at `now` (seconds since the epoch)."""
    pipeline = client.pipeline(transaction=False)
    for queue in queues:
        key = heartbeat_key(queue)
        pipeline.zadd(key, {worker: now})
        pipeline.zremrangebyscore(key, "-inf", now - FORGET_AFTER_SECONDS)
        pipeline.expire(key, FORGET_AFTER_SECONDS)
    pipeline.execute()


def worker_heartbeat_forget(*, client: redis.Redis, queues: list[str], worker: str) -> None:
    """Remove a worker that shuts down cleanly, so probes stop counting it at once."""
    pipeline = client.pipeline(transaction=False)
    for queue in queues:
        pipeline.zrem(heartbeat_key(queue), worker)
    pipeline.execute()


def workers_seen(*, client: redis.Redis, queue: str, since: float) -> WorkersSeen:
    """How many workers of `queue` beat since `since`, and when the latest beat was."""
    key = heartbeat_key(queue)
    pipeline = client.pipeline(transaction=False)
    pipeline.zcount(key, since, "+inf")
    pipeline.zrevrange(key, 0, 0, withscores=True)
    count, latest = pipeline.execute()
    return WorkersSeen(count=count, last_seen=latest[0][1] if latest else None)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """A worker bootstep: beats at start, then every WORKER_HEARTBEAT_SECONDS on the worker's timer.

    The timer runs in the worker's main process, so a worker busy with long tasks still beats; a
    worker whose main process is stuck or dead stops beating, which is what /readyz should see."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs) -> None:
        super().__init__(worker, **kwargs)
        self.timer_entry = None

    def include_if(self, worker) -> bool:
        """Only on a Redis broker (the one the probes read); not on a test's in-memory one."""
        return str(worker.app.conf.broker_url or "").startswith(REDIS_SCHEMES)

    def start(self, worker) -> None:
        self.beat(worker)
        self.timer_entry = worker.timer.call_repeatedly(
            settings.WORKER_HEARTBEAT_SECONDS, self.beat, (worker,), priority=10
        )

    def stop(self, worker) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
        try:
            worker_heartbeat_forget(
                client=redis_client(worker.app.conf.broker_url),
                queues=self.queues(worker),
                worker=worker.hostname,
            )
        except redis.RedisError as error:
            logger.warning("Worker heartbeat: could not remove %s at shutdown (%s)", worker.hostname, error)

    def beat(self, worker) -> None:
        try:
            worker_heartbeat_record(
                client=redis_client(worker.app.conf.broker_url),
                queues=self.queues(worker),
                worker=worker.hostname,
                now=time.time(),
            )
        except redis.RedisError as error:
            # The broker is down too then; the worker's own reconnection logic reports that.
            logger.warning("Worker heartbeat not recorded (%s)", error)

    @staticmethod
    def queues(worker) -> list[str]:
        return sorted(worker.app.amqp.queues.consume_from)

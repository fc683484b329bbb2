"""Readiness: is this web process fit to serve (GET /readyz)? One check per component, each a dict
with a `status` and a few harmless facts (never a URL, a host name or an error message, which
could carry either; only the error's class name).

A component's status is `ok`, `fail`, `in_process` (tasks run inside the web process: the
embedded default, no broker or worker needed) or `stale` (the reminder sweep is late). Only `fail`
makes the process unready. A late or missing sweep is reported but does not fail: the web can
serve without it, a fresh install has never swept, and beat catches missed days up
(REMINDER_CATCH_UP_DAYS); pulling every web process out of the load balancer would not help it.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from operations.heartbeats import redis_client, workers_seen
from reminders import selectors as reminder_selectors

logger = logging.getLogger(__name__)

OK, FAIL, IN_PROCESS, STALE = "ok", "fail", "in_process", "stale"
REDIS_CACHE_BACKEND = "django.core.cache.backends.redis.RedisCache"


def readiness_report() -> dict:
    """Every component's check and the overall status: `fail` when any component fails."""
    database = database_check()
    broker = broker_check()
    components = {
        "database": database,
        "broker": broker,
        "worker": worker_check(broker_reachable=broker["status"] != FAIL),
        "sweep": sweep_check(database_reachable="error" not in database),
    }
    failing = [name for name, component in components.items() if component["status"] == FAIL]
    return {"status": FAIL if failing else OK, "components": components}


def error_name(error: BaseException) -> str:
    """What went wrong, without the message (which may name hosts, users or paths)."""
    return type(error).__name__


def database_check() -> dict:
    """The database answers and every migration on disk is applied (a deploy ran `migrate`)."""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        unapplied = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception as error:
        logger.warning("Readiness: database check failed", exc_info=True)
        return {"status": FAIL, "error": error_name(error)}
    return {
        "status": FAIL if unapplied else OK,
        "vendor": connection.vendor,
        "unapplied_migrations": unapplied,
    }


def redis_ping(url: str) -> str:
    """`ok`, or the class name of the error pinging the Redis at `url` with short timeouts."""
    try:
        redis_client(url).ping()
    except Exception as error:  # Connection refused, timeout, bad URL: all mean not reachable.
        return error_name(error)
    return OK


def cache_locations() -> list[str]:
    """The Redis URLs of the default cache, none when it is in process (local memory)."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != REDIS_CACHE_BACKEND:
        return []
    location = cache["LOCATION"]
    return [location] if isinstance(location, str) else list(location)


def broker_check() -> dict:
    """The Celery broker and the cache (the same Redis when REDIS_URL is set) answer a ping."""
    pinged: dict[str, str] = {}

    def ping(url: str) -> str:
        if url not in pinged:
            pinged[url] = redis_ping(url)
        return pinged[url]

    if settings.CELERY_TASK_ALWAYS_EAGER:
        component = {"status": IN_PROCESS}
    else:
        outcome = ping(settings.CELERY_BROKER_URL)
        component = {"status": OK} if outcome == OK else {"status": FAIL, "error": outcome}
    cache_outcomes = [ping(url) for url in cache_locations()]
    failed = [outcome for outcome in cache_outcomes if outcome != OK]
    if failed:
        component.update(status=FAIL, cache=FAIL, cache_error=failed[0])
    else:
        component["cache"] = OK if cache_outcomes else IN_PROCESS
    return component


def worker_check(*, broker_reachable: bool) -> dict:
    """A worker of the queue this process sends tasks to beat within READYZ_WORKER_MAX_AGE_SECONDS."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": IN_PROCESS}
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    if not broker_reachable:
        return {"status": FAIL, "queue": queue, "error": "broker unreachable"}
    now = time.time()
    max_age = settings.READYZ_WORKER_MAX_AGE_SECONDS
    try:
        seen = workers_seen(client=redis_client(settings.CELERY_BROKER_URL), queue=queue, since=now - max_age)
    except Exception as error:
        return {"status": FAIL, "queue": queue, "error": error_name(error)}
    return {
        "status": OK if seen.count else FAIL,
        "queue": queue,
        "workers": seen.count,
        "last_seen": iso_time(datetime.fromtimestamp(seen.last_seen, tz=UTC)) if seen.last_seen else None,
        "seconds_ago": round(now - seen.last_seen) if seen.last_seen else None,
        "max_age_seconds": max_age,
    }


def sweep_check(*, database_reachable: bool) -> dict:
    """When the last reminder sweep finished; `stale` after READYZ_SWEEP_STALE_HOURS (never `fail`
    for lateness, see the module's docstring)."""
    stale_after = timedelta(hours=settings.READYZ_SWEEP_STALE_HOURS)
    if not database_reachable:
        return {"status": FAIL, "error": "database unreachable"}
    try:
        finished_at = reminder_selectors.last_sweep_finished_at()
    except Exception as error:
        logger.warning("Readiness: sweep check failed", exc_info=True)
        return {"status": FAIL, "error": error_name(error)}
    if finished_at is None:
        return {
            "status": OK,
            "last_finished_at": None,
            "stale_after_hours": settings.READYZ_SWEEP_STALE_HOURS,
        }
    late = timezone.now() - finished_at > stale_after
    return {
        "status": STALE if late else OK,
        "last_finished_at": iso_time(finished_at),
        "stale_after_hours": settings.READYZ_SWEEP_STALE_HOURS,
    }


def iso_time(moment: datetime) -> str:
    """UTC, to the second, with a Z: what monitoring tools parse."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

"""Cached dashboard aggregates, invalidated by a data version that every write feeding them bumps.

An entry's key holds the selector's name, the caller's scope (role and focal State: callers
with the same scope count the same rows), the parameters, today's date (overdue and stale
depend on it), the active language (group names are translated labels) and the data version.
A write never deletes entries: it moves the version on, so every old key becomes unreachable
and expires on its own.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from engagement.roles import focal_state_id, is_public_reader, role_of

DATA_VERSION_KEY = "dashboards:data-version"
KEY_PREFIX = "dashboards:aggregate"

# Every model a dashboard, KPI or annual-report figure is counted from (app label, model name).
FEEDING_MODELS = (
    ("pledges", "Pledge"),
    ("pledges", "ProgressReport"),
    ("pledges", "ReportVerification"),
    ("pledges", "CtaEndorsement"),
    ("pledges", "AllianceMembership"),
    ("pledges", "AllianceMilestone"),
    ("meetings", "Meeting"),
    ("engagement", "VnrEngagement"),
    ("meetings", "FollowUpAction"),
    ("engagement", "Indicator"),
    ("engagement", "IndicatorValue"),
    ("engagement", "IndicatorTarget"),
    ("visits", "CountryVisit"),
)

T = TypeVar("T")


def caller_scope(user) -> tuple[str | None, int | None]:
    """What decides which rows an aggregate counts: the role and, for a focal point, its State
    (the public pages count as a scope of their own: anonymous callers count nothing)."""
    if is_public_reader(user):
        return "public", None
    return role_of(user), focal_state_id(user)


def _fresh_version() -> int:
    # Never restart from 1 after an eviction: entries written under an old version must stay unreachable.
    return time.time_ns()


def data_version() -> int:
    """The current version of the data the aggregates are counted from."""
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(DATA_VERSION_KEY)
    return version


def data_version_bump() -> None:
    """Move the data version on, so every cached aggregate is counted again on its next read."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # missing (never read, or evicted): any fresh value invalidates as well
        cache.add(DATA_VERSION_KEY, _fresh_version(), timeout=None)


def _aggregates_changed(**kwargs: Any) -> None:
    """Receiver of the feeding models' signals."""
    # Now, for reads later in this transaction; again on commit, because a concurrent request
    # may have counted the pre-commit rows under the first new version in the meantime.
    data_version_bump()
    transaction.on_commit(data_version_bump)


def connect_invalidation_signals() -> None:
    """Bump the data version on every save, delete and many-to-many change of a feeding model."""
    for app_label, model_name in FEEDING_MODELS:
        model = apps.get_model(app_label, model_name)
        uid = f"dashboards-cache:{app_label}.{model_name}"
        post_save.connect(_aggregates_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_aggregates_changed, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_aggregates_changed, sender=through, dispatch_uid=f"{uid}:{field.name}")


def _cache_key(key_parts: Iterable[Hashable]) -> str:
    identity = (
        tuple(key_parts),
        timezone.localdate().isoformat(),
        translation.get_language(),
        data_version(),
    )
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(identity).encode()).hexdigest()}"


def cached_aggregate(
    key_parts: Iterable[Hashable], compute: Callable[[], T], timeout: int | None = None
) -> T:
    """`compute()`, or its value cached under `key_parts` for `timeout` seconds.

    `key_parts` must name the selector, the caller's scope (`caller_scope(user)`, never a user
    id alone) and every parameter. `timeout` defaults to `DASHBOARD_CACHE_SECONDS`; 0 disables
    the cache, so every call counts again.
    """
    timeout = settings.DASHBOARD_CACHE_SECONDS if timeout is None else timeout
    if timeout <= 0:
        return compute()
    key = _cache_key(key_parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value

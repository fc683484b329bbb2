"""The scale seeding use case: every generator in dependency order, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction

from dashboards.selectors.cache import data_version_bump
from demo.scale.activity import seed_follow_ups, seed_meetings, seed_visits
from demo.scale.commitments import seed_commitments
from demo.scale.context import SeedContext
from demo.scale.plan import ScalePlan
from demo.scale.pledges import seed_pledges
from demo.scale.reminders import seed_reminders
from engagement.services import reference_data_load
from pledges.models import Pledge


class SeedRefused(Exception):
    """The database already holds pledges and the caller did not ask to append."""


def scale_seed(*, plan: ScalePlan, force: bool = False, log: Callable[[str], None] = print) -> dict[str, int]:
    """Write `plan.factor` times the N=1 volumes; refuses a database with pledges unless `force`.

    With `force` the rows are appended: the same seed appends the same rows (new ids), and the
    accounts and the world-capped tables (endorsements, alliance, VNR, KPI values) are reused.
    """
    if Pledge.objects.exists() and not force:
        raise SeedRefused
    reference_data_load()
    counts: dict[str, int] = {}
    with transaction.atomic():
        context = SeedContext.load(plan)
        steps = [
            ("visits", lambda: seed_visits(context)),
            ("meetings", lambda: seed_meetings(context)),
            ("pledges+reports", lambda: seed_pledges(context)),
            ("follow_ups", lambda: seed_follow_ups(context)),
            ("reminders", lambda: seed_reminders(context)),
            ("fixed", lambda: seed_commitments(context)),
        ]
        for name, step in steps:
            started = time.perf_counter()
            result = step()
            if isinstance(result, tuple):
                counts["pledges"], counts["reports"] = result
            elif isinstance(result, dict):
                counts.update(result)
            else:
                counts[name] = result
            log(f"{name}: {result} in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner guesses at the new tables' sizes on the first queries.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # COPY and bulk_create send no signals: tell the dashboard cache its figures are out of date.
    data_version_bump()
    return counts

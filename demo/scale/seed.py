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
    started = time.perf_counter()
    vacuum_analyze_written()
    log(f"vacuum analyze: {time.perf_counter() - started:.1f}s")
    # COPY and bulk_create send no signals: tell the dashboard cache its figures are out of date.
    data_version_bump()
    return counts


def written_tables() -> list[str]:
    """The tables scale_seed writes, many-to-many through tables included."""
    from django.contrib.auth.models import Group

    from engagement.models import IndicatorValue, User, VnrEngagement
    from meetings.models import FollowUpAction, Meeting
    from pledges.models import AllianceMembership, AllianceMilestone, CtaEndorsement, ProgressReport
    from reminders.models import Reminder
    from visits.models import CountryVisit

    models = [
        User,
        User.groups.through,
        Group,
        CountryVisit,
        CountryVisit.stakeholder_categories.through,
        Meeting,
        Meeting.member_states.through,
        Meeting.organizations.through,
        Meeting.topics.through,
        Meeting.pledges.through,
        Pledge,
        Pledge.sdg_targets.through,
        ProgressReport,
        FollowUpAction,
        Reminder,
        CtaEndorsement,
        AllianceMembership,
        AllianceMilestone,
        VnrEngagement,
        IndicatorValue,
    ]
    return [model._meta.db_table for model in models]


def vacuum_analyze_written() -> None:
    """Leave the seeded tables ready: visibility map set (index-only scans) and fresh statistics.

    Without it the first queries plan on guessed sizes and the paginator's COUNT reads the heap
    until autovacuum has run. VACUUM cannot run inside a transaction: on PostgreSQL it runs after
    the writing transaction committed, in autocommit; inside a caller's transaction (a test's
    atomic block), and on other databases, only ANALYZE runs.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in written_tables():
            # Table names come from model metadata, never from input.
            cursor.execute(f'{command} "{table}"')

"""Print what a restored database must match: every table's row count and each year's annual report.

Run it on the database and on its restored copy, then compare the two outputs (docs/operations.md,
"Backup and restore"; `.ci/run` does so on every run):

    DATABASE_URL=postgres://.../tracker          manage.py database_fingerprint > before.json
    DATABASE_URL=postgres://.../tracker_restored manage.py database_fingerprint > after.json
    diff before.json after.json
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models.functions import ExtractYear

from dashboards.selectors.annual import annual_report
from engagement.choices import Role
from engagement.models import User, VnrEngagement
from meetings.models import Meeting
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from visits.models import CountryVisit

# The dated record of each kind the annual report counts, by the date field it counts them by.
REPORTED_DATES = [
    (Meeting, "date"),
    (CountryVisit, "start_date"),
    (Pledge, "made_on"),
    (CtaEndorsement, "endorsed_on"),
    (AllianceMembership, "joined_on"),
]


class Command(BaseCommand):
    help = "Print every table's row count and the annual report of every year with records, as JSON."

    def handle(self, *args, **options) -> None:
        # Counted from the tables, never from the dashboards' cache (one-shot process).
        settings.DASHBOARD_CACHE_SECONDS = 0
        fingerprint = {"tables": table_row_counts(), "annual_reports": annual_reports()}
        self.stdout.write(json.dumps(fingerprint, indent=2, sort_keys=True))


def table_row_counts() -> dict[str, int]:
    """The number of rows of every table in the database, Django's and the project's."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def reported_years() -> list[int]:
    """Every year in which some record the annual report counts is dated."""
    years = set(VnrEngagement.objects.values_list("hlpf_year", flat=True))
    for model, field in REPORTED_DATES:
        years.update(
            model.objects.annotate(year=ExtractYear(field)).values_list("year", flat=True).distinct()
        )
    return sorted(year for year in years if year is not None)


def annual_reports() -> dict[str, dict]:
    """Each reported year's annual report as staff read it (everything, internal pledges included)."""
    reader = User(username="database-fingerprint", role=Role.STAFF, is_staff=True, is_active=True)
    return {str(year): annual_report(user=reader, year=year) for year in reported_years()}

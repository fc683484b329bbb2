"""Smoke run of the benchmark at N=1: seed_scale, then bench/run.py --quick on the test database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bench import floors, run
from demo.scale.seed import written_tables
from meetings.models import Meeting
from pledges.models import Pledge, ProgressReport
from reminders.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2024
EXPECTED_ROWS = {
    "pledges, status=in_progress, 50 rows, staff",
    "pledges, status=in_progress, 50 rows, focal point of KEN",
    "pledges, status=in_progress, 50 rows, region=019, staff",
    "pledges, status=in_progress, 50 rows, region=019, focal point of KEN",
    f"reports/annual/{YEAR}/, not cached",
    f"dashboard/summary/?year={YEAR}, not cached",
    "dashboard/pledges/?group_by=region, not cached",
    f"reports/annual/{YEAR}/, cached",
    f"dashboard/summary/?year={YEAR}, cached",
    "dashboard/pledges/?group_by=region, cached",
}


@pytest.fixture
def seeded(reference_data):
    call_command("seed_scale", factor=1, stdout=io.StringIO())


def test_seed_scale_writes_the_n1_volumes(seeded):
    assert (Meeting.objects.count(), Pledge.objects.count()) == (1000, 500)
    assert (ProgressReport.objects.count(), Reminder.objects.count()) == (2500, 2000)


def test_seed_scale_refuses_a_database_that_holds_pledges(seeded):
    with pytest.raises(CommandError, match="already holds pledges"):
        call_command("seed_scale", factor=1, stdout=io.StringIO())
    assert Pledge.objects.count() == 500


def test_seed_scale_with_force_appends_the_same_volumes(seeded):
    call_command("seed_scale", factor=1, force=True, stdout=io.StringIO())
    assert Pledge.objects.count() == 1000


def test_achieved_pledges_and_reports_are_at_100_percent(seeded):
    assert not Pledge.objects.filter(status="achieved").exclude(progress=100).exists()
    assert not ProgressReport.objects.filter(status="achieved").exclude(progress=100).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark's floors are PostgreSQL SQL; CI runs this on PostgreSQL",
)
def test_quick_bench_run_checks_every_floor_and_writes_every_row(seeded, tmp_path, monkeypatch, settings):
    settings.ROOT_URLCONF = "bench.urls"  # the peer and no-op views are mounted by the bench URLconf only
    database = settings.DATABASES["default"]
    credentials = f"{database['USER']}:{database['PASSWORD']}" if database["PASSWORD"] else database["USER"]
    url = f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    monkeypatch.setenv("DATABASE_URL", url)  # gunicorn, the floors and the workers connect to it
    out = tmp_path / "n1.json"
    # The harness raises FloorMismatch when a floor's data differs from its endpoint's answer.
    run.main(["--factor", "1", "--quick", "--year", str(YEAR), "--out", str(out)])
    results = json.loads(out.read_text())
    rows = {row["name"]: row for row in results["endpoints"]}
    assert set(rows) == EXPECTED_ROWS
    for row in rows.values():
        assert "error" not in row, row
        assert row["checked_equal"] is True
        assert row["queries"]
        assert row["app"]["runs"] == 5
        assert row["ratio"] is not None
        assert ("noop" if row["name"].endswith(", cached") else "floor") in row
    assert rows["pledges, status=in_progress, 50 rows, staff"]["peer"]["runs"] == 5
    assert len(results["load_average_start"]) == 3
    assert results["sweep"]["runs"]["this"]["reminders_created"] > 0
    csv = results["csv"]
    assert csv["checked_equal"] is True
    assert csv["rows"] == csv["export"]["rows"] == csv["export"]["expected_rows"] == 500
    assert csv["copy_rows_per_second"] > 0


def test_a_floor_that_answers_other_data_fails_loudly():
    endpoint = {"count": 2, "results": [{"id": 1, "title": "A"}, {"id": 2, "title": "B"}]}
    floor = {"count": 2, "results": [{"id": 1, "title": "A"}, {"id": 2, "title": "C"}]}
    floors.check_equal("same", endpoint, json.loads(json.dumps(endpoint)))
    with pytest.raises(floors.FloorMismatch, match=r"\.results\[1\]\.title: endpoint 'B' != floor 'C'"):
        floors.check_equal("list", endpoint, floor)


def test_seed_scale_leaves_the_tables_vacuumed_and_analyzed(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
            "AND (last_vacuum IS NULL OR last_analyze IS NULL)",
            [written_tables()],
        )
        assert cursor.fetchall() == []
        # The visibility map is set: an index-only scan of the pledges reads no heap page.
        cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'pledges_pledge'")
        all_visible, pages = cursor.fetchone()
    assert pages > 0
    assert all_visible == pages

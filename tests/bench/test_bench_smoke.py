"""Smoke run of the benchmark at N=1: seed_scale, then bench/run.py --quick on the test database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bench import run
from meetings.models import Meeting
from pledges.models import Pledge, ProgressReport
from reminders.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED_ENDPOINTS = {
    "pledge list (page of 50, filtered)",
    "pledge detail",
    "progress-report POST",
    "dashboard/summary/",
    "dashboard/pledges/?group_by=region",
    "dashboard/kpis/ (12 months)",
    "public pledges list",
}
WITH_BASELINE = {
    "pledge list (page of 50, filtered)",
    "dashboard/summary/",
    "dashboard/pledges/?group_by=region",
    "dashboard/kpis/ (12 months)",
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
    reason="the benchmark's SQL baselines are PostgreSQL's; CI runs this on PostgreSQL",
)
def test_quick_bench_run_writes_every_row(seeded, tmp_path, monkeypatch, settings):
    settings.ROOT_URLCONF = "bench.urls"  # the baseline view is mounted by the bench URLconf only
    database = settings.DATABASES["default"]
    credentials = f"{database['USER']}:{database['PASSWORD']}" if database["PASSWORD"] else database["USER"]
    url = f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    monkeypatch.setenv("DATABASE_URL", url)  # the sweep and CSV workers run in subprocesses
    out = tmp_path / "n1.json"
    run.main(["--factor", "1", "--quick", "--out", str(out)])
    results = json.loads(out.read_text())
    rows = {row["name"]: row for row in results["endpoints"]}
    assert EXPECTED_ENDPOINTS <= set(rows)
    assert any(name.startswith("reports/annual/") for name in rows)
    assert all("error" not in row and row["queries"] for row in results["endpoints"])
    assert all("ratio" in rows[name] for name in WITH_BASELINE)
    assert results["sweep"]["runs"]["this"]["reminders_created"] > 0
    assert results["csv"]["rows"] == results["csv"]["expected_rows"] == 500

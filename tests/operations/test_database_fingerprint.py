"""`manage.py database_fingerprint`: what a restored database is checked against (.ci/run)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from meetings.models import Meeting
from tests.factories import MeetingFactory, PledgeFactory, VisitFactory

pytestmark = pytest.mark.django_db


def fingerprint() -> dict:
    out = StringIO()
    call_command("database_fingerprint", stdout=out)
    return json.loads(out.getvalue())


def test_it_counts_every_table_and_reports_every_year_with_records(api, staff):
    MeetingFactory()  # 2024
    VisitFactory()  # 2023
    PledgeFactory()  # 2024
    printed = fingerprint()
    assert printed["tables"]["meetings_meeting"] == Meeting.objects.count() == 1
    assert printed["tables"]["engagement_memberstate"] == 195
    assert "django_migrations" in printed["tables"]
    assert sorted(printed["annual_reports"]) == ["2023", "2024"]
    # Each year reads exactly as the API's annual report does for staff.
    for year, report in printed["annual_reports"].items():
        assert report == api(staff).get(f"/api/v1/reports/annual/{year}/").json()


def test_a_changed_row_changes_the_fingerprint():
    meeting = MeetingFactory()
    before = fingerprint()
    meeting.delete()
    after = fingerprint()
    assert after["tables"]["meetings_meeting"] == before["tables"]["meetings_meeting"] - 1
    assert after["annual_reports"] != before["annual_reports"]

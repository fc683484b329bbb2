"""reminders/: a read-only log; staff read all of it, anyone else their own reminders."""

from __future__ import annotations

from tests.reminders.conftest import make_reminder

URL = "/api/v1/reminders/"


def test_a_focal_point_sees_only_reminders_addressed_to_them(api, focal_ken, focal_fji):
    mine = make_reminder(focal_ken)
    make_reminder(focal_fji)

    rows = api(focal_ken).get(URL).json()["results"]

    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["recipient"] == "kamau"
    assert rows[0]["kind"] == "pledge_report_due"


def test_staff_see_every_reminder_and_filter_by_status(api, staff, focal_ken, focal_fji):
    make_reminder(focal_ken)
    make_reminder(focal_fji, status="failed", tries=3, last_error="SMTP timeout")

    assert api(staff).get(URL).json()["count"] == 2
    failed = api(staff).get(URL, {"status": "failed"}).json()["results"]
    assert [(row["recipient"], row["last_error"]) for row in failed] == [("fiona", "SMTP timeout")]


def test_an_unknown_kind_filter_is_a_400(api, staff):
    response = api(staff).get(URL, {"kind": "carrier_pigeon"})

    assert response.status_code == 400
    assert "kind" in response.json()

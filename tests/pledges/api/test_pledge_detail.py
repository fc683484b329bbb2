"""GET, POST and DELETE on /api/v1/pledges/{id}/: fields, accountability, validation, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pledges.choices import Verdict
from pledges.models import Pledge
from pledges.services import report_verify
from tests.factories import MeetingFactory, PledgeFactory, ProgressReportFactory, StaffFactory, VisitFactory

URL = "/api/v1/pledges/"
NEW_PLEDGE = {
    "member_state": "KEN",
    "origin": "bogota_2024",
    "made_on": "2024-11-08",
    "title": "Ban corporal punishment in all settings",
    "area": "legislation",
    "sdg_targets": ["16.2", "4.a"],
    "target_date": "2026-12-31",
    "reporting_interval_days": 90,
}


def detail(api, user, pledge):
    response = api(user).get(f"{URL}{pledge.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_detail_speaks_iso3_and_sdg_codes(api, viewer, ken_public):
    body = detail(api, viewer, ken_public)
    assert body["member_state"] == "KEN"
    assert body["sdg_targets"] == ["16.2"]
    assert body["next_report_due"] == "2025-05-08"


def test_detail_carries_an_etag(api, viewer, ken_public):
    response = api(viewer).get(f"{URL}{ken_public.pk}/")
    assert response["ETag"].startswith('"')


def test_responsible_staff_is_shown_to_staff_only(api, staff, viewer, focal_ken, ken_public):
    ken_public.responsible_staff = staff
    ken_public.save()
    assert detail(api, staff, ken_public)["responsible_staff"] == "alice"
    assert "responsible_staff" not in detail(api, viewer, ken_public)
    assert "responsible_staff" not in detail(api, focal_ken, ken_public)


def test_meetings_are_listed_for_those_who_may_read_meetings(api, viewer, focal_ken, ken_public):
    meeting = MeetingFactory()
    meeting.pledges.add(ken_public)
    assert detail(api, viewer, ken_public)["meetings"] == [meeting.pk]
    assert detail(api, focal_ken, ken_public)["meetings"] == []


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("field", "value", "gap"),
    [
        ("indicator", "Number of reported cases", "no_indicator"),
        ("baseline", "1,200 cases in 2023", "no_baseline"),
        ("responsible_body", "Ministry of Labour", "no_responsible_body"),
        ("budget_committed", True, "no_budget"),
    ],
)
def test_smart_gap_disappears_when_its_field_is_filled(api, viewer, staff, ken_public, field, value, gap):
    assert gap in detail(api, viewer, ken_public)["smart_gaps"]
    setattr(ken_public, field, value)
    ken_public.save()
    assert gap not in detail(api, viewer, ken_public)["smart_gaps"]


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_target_date_gaps_follow_the_target_date(api, viewer, reference_data):
    pledge = PledgeFactory(target_date=None, sdg_targets=["16.2"])
    assert "no_target_date" in detail(api, viewer, pledge)["smart_gaps"]
    pledge.target_date = dt.date(2025, 5, 31)
    pledge.save()
    gaps = detail(api, viewer, pledge)["smart_gaps"]
    assert "target_date_past" in gaps
    assert "no_target_date" not in gaps
    pledge.sdg_targets.clear()
    assert "no_sdg_target" in detail(api, viewer, pledge)["smart_gaps"]


@pytest.mark.parametrize(
    ("today", "missed", "stale"),
    [
        (dt.date(2025, 5, 8), 0, False),  # due today: not missed yet
        (dt.date(2025, 5, 9), 1, False),  # the day after
        (dt.date(2025, 6, 7), 1, False),  # the last day of the first missed cycle
        (dt.date(2025, 6, 8), 2, True),  # a whole interval later
        (dt.date(2025, 7, 8), 3, True),
    ],
)
def test_missed_cycles_and_stale_around_cycle_boundaries(
    api, viewer, reference_data, settings, today, missed, stale
):
    settings.PLEDGE_STALE_AFTER_CYCLES = 2
    pledge = PledgeFactory(reporting_interval_days=30, next_report_due=dt.date(2025, 5, 8))
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC), tick=False):
        body = detail(api, viewer, pledge)
    assert (body["missed_cycles"], body["stale"]) == (missed, stale)


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_achieved_pledge_misses_no_cycles(api, viewer, reference_data):
    pledge = PledgeFactory(status="achieved", progress=100, next_report_due=dt.date(2025, 1, 1))
    body = detail(api, viewer, pledge)
    assert (body["missed_cycles"], body["stale"]) == (0, False)


def test_verified_progress_comes_from_the_latest_verified_report(api, viewer, staff, ken_public):
    verified = ProgressReportFactory(pledge=ken_public, author=staff, progress=30)
    verdict = report_verify(report=verified, by=staff, verdict=Verdict.VERIFIED)
    disputed = ProgressReportFactory(pledge=ken_public, author=staff, progress=70)
    report_verify(report=disputed, by=staff, verdict=Verdict.DISPUTED)
    body = detail(api, viewer, ken_public)
    assert body["verified_progress"] == 30
    assert body["last_verified_at"] == verdict.created_at.isoformat().replace("+00:00", "Z")


def test_unverified_pledge_has_no_verified_progress(api, viewer, ken_public):
    body = detail(api, viewer, ken_public)
    assert (body["verified_progress"], body["last_verified_at"]) == (None, None)


def test_staff_record_a_pledge_due_one_interval_after_it_was_made(api, staff, reference_data):
    response = api(staff).post(URL, NEW_PLEDGE, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["next_report_due"] == "2025-02-06"
    assert sorted(body["sdg_targets"]) == ["16.2", "4.a"]
    assert response["ETag"]


@time_machine.travel(dt.datetime(2025, 3, 3, 12, tzinfo=dt.UTC), tick=False)
def test_made_on_defaults_to_today(api, staff, reference_data):
    body = {key: value for key, value in NEW_PLEDGE.items() if key != "made_on"}
    response = api(staff).post(URL, body, format="json")
    assert response.json()["made_on"] == "2025-03-03"
    assert response.json()["next_report_due"] == "2025-06-01"


def test_read_only_fields_are_ignored_on_create(api, staff, reference_data):
    body = {**NEW_PLEDGE, "next_report_due": "2030-01-01", "last_reported_at": "2024-01-01T00:00:00Z"}
    pledge = Pledge.objects.get(pk=api(staff).post(URL, body, format="json").json()["id"])
    assert (pledge.next_report_due, pledge.last_reported_at) == (dt.date(2025, 2, 6), None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": "half"}, "progress"),
        ({"member_state": "XXX"}, "member_state"),
        ({"member_state": 404}, "member_state"),
        ({"area": "healthcare"}, "area"),
        ({"status": "done"}, "status"),
        ({"sdg_targets": ["99.9"]}, "sdg_targets"),
        ({"sdg_targets": "16.2"}, "sdg_targets"),
        ({"status": "achieved", "progress": 90}, "progress"),
        ({"target_date": "next year"}, "target_date"),
        ({"reporting_interval_days": 3}, "reporting_interval_days"),
        ({"budget_currency": "dollars"}, "budget_currency"),
        ({"origin": "country_visit"}, "visit"),
        ({"visit": 999999}, "visit"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_is_written(api, staff, reference_data, change, field):
    response = api(staff).post(URL, {**NEW_PLEDGE, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Pledge.objects.exists()


def test_visit_of_another_state_is_refused(api, staff, reference_data):
    visit = VisitFactory()
    body = {**NEW_PLEDGE, "member_state": "FJI", "origin": "country_visit", "visit": visit.pk}
    response = api(staff).post(URL, body, format="json")
    assert response.status_code == 400
    assert "visit" in response.json()
    assert not Pledge.objects.exists()


def test_pledge_with_reports_cannot_be_deleted(api, staff, ken_public):
    ProgressReportFactory(pledge=ken_public, author=StaffFactory())
    response = api(staff).delete(f"{URL}{ken_public.pk}/")
    assert response.status_code == 409
    assert "progress reports" in response.json()["detail"]
    assert Pledge.objects.filter(pk=ken_public.pk).exists()


def test_pledge_without_reports_is_deleted(api, staff, ken_public):
    assert api(staff).delete(f"{URL}{ken_public.pk}/").status_code == 204
    assert not Pledge.objects.filter(pk=ken_public.pk).exists()

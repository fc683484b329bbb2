"""/api/v1/pledges/{id}/reports/: append-only progress reports that move their pledge."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pledges.choices import PledgeStatus, Verdict, Visibility
from pledges.models import Pledge, ProgressReport
from tests.factories import PledgeFactory, ProgressReportFactory, state

REPORT = {"status": "in_progress", "progress": 55, "narrative": "The bill passed its second reading."}
NOW = dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC)


def url(pledge) -> str:
    return f"/api/v1/pledges/{pledge.pk}/reports/"


@time_machine.travel(NOW, tick=False)
def test_report_moves_the_pledge_status_progress_and_next_due_date(api, focal_ken, ken_public):
    response = api(focal_ken).post(url(ken_public), {**REPORT, "evidence_url": "https://example.org/bill"})
    assert response.status_code == 201, response.content
    pledge = Pledge.objects.get(pk=ken_public.pk)
    assert (pledge.status, pledge.progress) == ("in_progress", 55)
    assert pledge.last_reported_at == NOW
    assert pledge.next_report_due == dt.date(2025, 10, 28)


@time_machine.travel(NOW, tick=False)
def test_report_shows_author_due_date_timeliness_and_verification(api, focal_ken, ken_public):
    body = api(focal_ken).post(url(ken_public), REPORT).json()
    assert body["author"] == "kamau"
    assert body["due_date"] == "2025-05-08"
    assert body["on_time"] is True
    assert body["verification"] == "unverified"
    assert body["pledge"] == ken_public.pk


@time_machine.travel(dt.datetime(2025, 5, 9, 9, tzinfo=dt.UTC), tick=False)
def test_report_after_the_due_date_is_late(api, focal_ken, ken_public):
    assert api(focal_ken).post(url(ken_public), REPORT).json()["on_time"] is False


def test_extra_fields_change_nothing(api, focal_ken, ken_internal):
    body = {
        **REPORT,
        "member_state": "FJI",
        "visibility": "public",
        "pledge": 999,
        "author": "alice",
        "due_date": "2030-01-01",
        "created_at": "2020-01-01T00:00:00Z",
    }
    response = api(focal_ken).post(url(ken_internal), body, format="json")
    assert response.status_code == 201
    pledge = Pledge.objects.get(pk=ken_internal.pk)
    assert (pledge.member_state.iso3, pledge.visibility) == ("KEN", Visibility.INTERNAL)
    report = ProgressReport.objects.get()
    assert (report.pledge_id, report.author.username, report.due_date) == (
        pledge.pk,
        "kamau",
        dt.date(2025, 5, 8),
    )
    assert report.created_at.year != 2020


def test_focal_point_cannot_report_on_another_states_public_pledge(api, focal_ken, fji_public):
    response = api(focal_ken).post(url(fji_public), REPORT)
    assert response.status_code == 403
    assert "your own State" in response.json()["detail"]
    assert not ProgressReport.objects.exists()


def test_focal_point_cannot_learn_of_another_states_internal_pledge(api, focal_ken, fji_internal):
    assert api(focal_ken).post(url(fji_internal), REPORT).status_code == 404
    assert api(focal_ken).get(url(fji_internal)).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"progress": "most"}, "progress"),
        ({"status": "finished"}, "status"),
        ({"status": "achieved", "progress": 90}, "progress"),
        ({"narrative": ""}, "narrative"),
        ({"evidence_url": "not a link"}, "evidence_url"),
    ],
)
def test_bad_report_is_400_naming_the_field_and_nothing_is_written(api, focal_ken, ken_public, change, field):
    response = api(focal_ken).post(url(ken_public), {**REPORT, **change}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ProgressReport.objects.exists()
    assert Pledge.objects.get(pk=ken_public.pk).progress == ken_public.progress


@pytest.mark.parametrize("final", [PledgeStatus.ACHIEVED, PledgeStatus.WITHDRAWN])
def test_focal_point_cannot_reopen_a_final_pledge(api, focal_ken, reference_data, final):
    pledge = PledgeFactory(status=final, progress=100)
    response = api(focal_ken).post(url(pledge), REPORT)
    assert response.status_code == 400
    assert "only the Office can reopen" in response.json()["status"][0]
    assert not ProgressReport.objects.exists()
    assert Pledge.objects.get(pk=pledge.pk).status == final


def test_focal_point_may_report_again_on_an_achieved_pledge(api, focal_ken, reference_data):
    pledge = PledgeFactory(status=PledgeStatus.ACHIEVED, progress=100)
    body = {"status": "achieved", "progress": 100, "narrative": "The law is in force."}
    assert api(focal_ken).post(url(pledge), body).status_code == 201


def test_staff_reopen_an_achieved_pledge(api, staff, reference_data):
    pledge = PledgeFactory(status=PledgeStatus.ACHIEVED, progress=100)
    assert api(staff).post(url(pledge), REPORT).status_code == 201
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.IN_PROGRESS


def test_achieved_with_full_progress_is_accepted(api, focal_ken, ken_public):
    body = {"status": "achieved", "progress": 100, "narrative": "Done."}
    assert api(focal_ken).post(url(ken_public), body).status_code == 201
    assert Pledge.objects.get(pk=ken_public.pk).status == PledgeStatus.ACHIEVED


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_reports_are_append_only(api, staff, ken_public, method):
    report = ProgressReportFactory(pledge=ken_public, author=staff)
    response = getattr(api(staff), method)(f"{url(ken_public)}{report.pk}/", REPORT, format="json")
    assert response.status_code == 405
    assert ProgressReport.objects.get(pk=report.pk).progress == report.progress


def test_reports_are_listed_newest_first_with_their_verification(api, staff, focal_ken, ken_public):
    older = ProgressReportFactory(pledge=ken_public, author=staff, created_at=NOW - dt.timedelta(days=30))
    newer = ProgressReportFactory(pledge=ken_public, author=staff, created_at=NOW)
    older.verifications.create(verdict=Verdict.DISPUTED, verified_by=staff)
    rows = api(focal_ken).get(url(ken_public)).json()["results"]
    assert [(row["id"], row["verification"]) for row in rows] == [
        (newer.pk, "unverified"),
        (older.pk, "disputed"),
    ]


def test_viewer_sees_reports_of_public_pledges_only(api, staff, viewer, ken_public, ken_internal):
    ProgressReportFactory(pledge=ken_public, author=staff)
    ProgressReportFactory(pledge=ken_internal, author=staff)
    assert api(viewer).get(url(ken_public)).json()["count"] == 1
    assert api(viewer).get(url(ken_internal)).json()["count"] == 0


def test_report_list_query_count_is_constant(api, staff, ken_public, django_assert_num_queries):
    for _ in range(30):
        ProgressReportFactory(pledge=ken_public, author=staff)
    client = api(staff)
    # pledge, count, page, the page's evidence files
    with django_assert_num_queries(4):
        client.get(url(ken_public), {"page_size": 1})
    with django_assert_num_queries(4):
        client.get(url(ken_public), {"page_size": 30})


def test_reports_of_another_state_are_csv_only_in_scope(api, staff, focal_fji, fji_public):
    ProgressReportFactory(pledge=fji_public, author=staff)
    response = api(focal_fji).get(url(fji_public), {"format": "csv"})
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 2
    assert state("FJI").pk == fji_public.member_state_id

"""GET /api/v1/public/pledges/: the open feed, for anyone, with no internal fields."""

from __future__ import annotations

import csv
import io

import pytest

from engagement.api.throttling import AnonThrottle
from pledges.choices import Verdict
from pledges.services import report_verify
from tests.factories import PledgeFactory, ProgressReportFactory

URL = "/api/v1/public/pledges/"
FIELDS = {
    "id",
    "member_state",
    "m49",
    "member_state_name",
    "origin",
    "made_on",
    "title",
    "description",
    "area",
    "sdg_targets",
    "target_date",
    "status",
    "progress",
    "verified_progress",
    "last_verified_at",
    "stale",
    "last_reported_at",
    "next_report_due",
}


def test_anyone_reads_public_pledges_only(api, ken_public, ken_internal, fji_public):
    rows = api().get(URL).json()["results"]
    assert {row["title"] for row in rows} == {ken_public.title, fji_public.title}


def test_public_pledge_has_no_internal_fields(api, ken_public):
    row = api().get(f"{URL}{ken_public.pk}/").json()
    assert set(row) == FIELDS
    assert (row["member_state"], row["m49"], row["member_state_name"]) == ("KEN", "404", "Kenya")


def test_internal_pledge_is_not_found(api, staff, ken_internal):
    assert api().get(f"{URL}{ken_internal.pk}/").status_code == 404
    assert api(staff).get(f"{URL}{ken_internal.pk}/").status_code == 404


def test_verified_progress_is_published(api, staff, ken_public):
    report = ProgressReportFactory(pledge=ken_public, author=staff, progress=45)
    report_verify(report=report, by=staff, verdict=Verdict.VERIFIED)
    assert api().get(f"{URL}{ken_public.pk}/").json()["verified_progress"] == 45


def test_filters_work_as_on_pledges(api, ken_public, fji_public):
    rows = api().get(URL, {"member_state": "FJI"}).json()["results"]
    assert [row["title"] for row in rows] == [fji_public.title]


def test_csv_equals_json_rows(api, ken_public, fji_public, ken_internal):
    params = {"ordering": "made_on", "region": "Africa"}
    json_rows = api().get(URL, params).json()["results"]
    response = api().get(URL, {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert set(csv_rows[0]) == FIELDS | {f"{name}_label" for name in ("origin", "area", "status")}
    assert [row["title"] for row in csv_rows] == [row["title"] for row in json_rows] == [ken_public.title]
    assert csv_rows[0]["sdg_targets"] == "16.2"


def test_writes_are_not_offered(api, ken_public):
    assert api().post(URL, {"title": "Spam"}).status_code == 405


def test_anonymous_callers_are_throttled(api, ken_public, monkeypatch):
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    client = api()
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("page_size", [1, 100])
def test_list_query_count_is_constant(api, reference_data, page_size, django_assert_num_queries):
    PledgeFactory.create_batch(101, sdg_targets=["16.2", "5.2"])
    # the public data's state (7: ETag and Last-Modified), count, page, SDG targets
    with django_assert_num_queries(10):
        api().get(URL, {"page_size": page_size})

"""409 for duplicates: a report repeating its author's latest one within 24 hours, a pledge's title twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, transaction

from pledges.models import Pledge, ProgressReport
from pledges.services import DuplicatePledge, pledge_create
from tests.factories import PledgeFactory, state

NOW = dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC)
REPORT = {
    "status": "in_progress",
    "progress": 60,
    "narrative": "The helpline now runs around the clock.",
    "evidence_url": "https://example.org/helpline",
}
NEW_PLEDGE = {
    "member_state": "KEN",
    "origin": "bogota_2024",
    "title": "Ban corporal punishment in all settings",
    "area": "legislation",
}


def reports_url(pledge) -> str:
    return f"/api/v1/pledges/{pledge.pk}/reports/"


# --- Progress reports -----------------------------------------------------------------------


def test_a_report_identical_to_the_authors_latest_within_24_hours_is_a_409(api, focal_ken, ken_public):
    client = api(focal_ken)
    with time_machine.travel(NOW, tick=False):
        assert client.post(reports_url(ken_public), REPORT).status_code == 201
    with time_machine.travel(NOW + dt.timedelta(hours=23, minutes=59), tick=False):
        response = client.post(reports_url(ken_public), REPORT)
    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert "identical to the one you sent less than 24 hours ago" in response.json()["detail"]
    assert ProgressReport.objects.count() == 1
    pledge = Pledge.objects.get(pk=ken_public.pk)
    assert pledge.last_reported_at == NOW


def test_a_second_no_change_confirmation_within_24_hours_is_a_duplicate_too(api, focal_ken, ken_public):
    confirmation = {"status": "in_progress", "progress": 20, "narrative": "No change since the last report."}
    client = api(focal_ken)
    assert client.post(reports_url(ken_public), confirmation).status_code == 201
    assert client.post(reports_url(ken_public), confirmation).status_code == 409
    assert ProgressReport.objects.count() == 1


def test_the_same_report_after_25_hours_is_accepted(api, focal_ken, ken_public):
    client = api(focal_ken)
    with time_machine.travel(NOW, tick=False):
        assert client.post(reports_url(ken_public), REPORT).status_code == 201
    with time_machine.travel(NOW + dt.timedelta(hours=25), tick=False):
        assert client.post(reports_url(ken_public), REPORT).status_code == 201
    assert ProgressReport.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [
        {"progress": 61},
        {"status": "off_track"},
        {"narrative": "The helpline now runs around the clock in every county."},
        {"evidence_url": "https://example.org/helpline-2"},
        {"evidence_url": ""},
    ],
)
def test_a_report_that_changes_anything_is_accepted(api, focal_ken, ken_public, change):
    client = api(focal_ken)
    assert client.post(reports_url(ken_public), REPORT).status_code == 201
    assert client.post(reports_url(ken_public), {**REPORT, **change}).status_code == 201
    assert ProgressReport.objects.count() == 2


def test_the_same_report_by_another_author_is_accepted(api, focal_ken, staff, ken_public):
    assert api(focal_ken).post(reports_url(ken_public), REPORT).status_code == 201
    assert api(staff).post(reports_url(ken_public), REPORT).status_code == 201
    assert ProgressReport.objects.count() == 2


def test_only_the_latest_report_counts(api, focal_ken, ken_public):
    client = api(focal_ken)
    assert client.post(reports_url(ken_public), REPORT).status_code == 201
    assert client.post(reports_url(ken_public), {**REPORT, "progress": 65}).status_code == 201
    # Going back to the first report's values is a change from the latest one.
    assert client.post(reports_url(ken_public), REPORT).status_code == 201
    assert ProgressReport.objects.count() == 3


# --- Pledges --------------------------------------------------------------------------------


@pytest.fixture
def existing(reference_data):
    return PledgeFactory(member_state=state("KEN"), title="Ban corporal punishment in all settings")


@pytest.mark.parametrize(
    "title",
    [
        "Ban corporal punishment in all settings",
        "BAN corporal punishment in ALL settings",
        "  Ban   corporal punishment\tin all  settings ",
    ],
)
def test_a_pledge_with_the_same_state_and_title_is_a_409_naming_the_existing_one(api, staff, existing, title):
    response = api(staff).post("/api/v1/pledges/", {**NEW_PLEDGE, "title": title}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "existing"}
    assert "already has a pledge with this title" in body["detail"]
    assert body["existing"] == {"id": existing.pk, "url": f"/api/v1/pledges/{existing.pk}/"}
    assert Pledge.objects.count() == 1
    assert api(staff).get(body["existing"]["url"]).status_code == 200


def test_the_same_title_for_another_state_is_accepted(api, staff, existing):
    response = api(staff).post("/api/v1/pledges/", {**NEW_PLEDGE, "member_state": "FJI"}, format="json")
    assert response.status_code == 201
    assert Pledge.objects.count() == 2


def test_a_different_title_for_the_same_state_is_accepted(api, staff, existing):
    body = {**NEW_PLEDGE, "title": "Ban corporal punishment in schools"}
    assert api(staff).post("/api/v1/pledges/", body, format="json").status_code == 201


def test_renaming_a_pledge_to_another_ones_title_is_a_409(api, staff, existing):
    other = PledgeFactory(member_state=state("KEN"), title="Fund the child helpline")
    response = api(staff).patch(
        f"/api/v1/pledges/{other.pk}/", {"title": "ban corporal  punishment in all settings"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["existing"]["id"] == existing.pk
    other.refresh_from_db()
    assert other.title == "Fund the child helpline"


def test_editing_a_pledge_without_changing_its_title_is_not_a_duplicate_of_itself(api, staff, existing):
    response = api(staff).patch(f"/api/v1/pledges/{existing.pk}/", {"progress": 30}, format="json")
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["focal_ken", "viewer"])
def test_a_non_staff_caller_learns_nothing_of_an_existing_pledge(api, request, existing, who):
    response = api(request.getfixturevalue(who)).post("/api/v1/pledges/", NEW_PLEDGE, format="json")
    assert response.status_code == 403
    assert "existing" not in response.json()
    assert Pledge.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite runs one writer at a time: two requests cannot record at once (PostgreSQL, CI, can)",
)
@pytest.mark.django_db(transaction=True)
def test_two_requests_recording_the_same_pledge_at_once_record_it_once(staff):
    """The first holds the State's lock until it commits; the second waits, then sees the first."""
    fields = {
        "member_state": state("KEN"),
        "origin": "bogota_2024",
        "title": "Fund the child helpline",
        "area": "services",
    }
    first_written, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                pledge_create(by=staff, **fields)
                first_written.set()
                release.wait(10)
        finally:
            connection.close()

    def second() -> None:
        try:
            pledge_create(by=staff, **{**fields, "title": "FUND the child helpline"})
            outcome["second"] = "created"
        except DuplicatePledge as error:
            outcome["second"] = error.existing.title
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_written.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(1)
    assert two.is_alive(), "the second request must wait for the first to commit"
    release.set()
    one.join(10)
    two.join(10)
    assert outcome["second"] == "Fund the child helpline"
    assert Pledge.objects.filter(member_state__iso3="KEN").count() == 1

"""PUT/PATCH /api/v1/pledges/{id}/ with If-Match: stale versions are refused with 412."""

from __future__ import annotations

import datetime as dt

import pytest

from pledges.models import Pledge
from tests.factories import PledgeFactory

URL = "/api/v1/pledges/{}/"


def etag_of(client, pledge) -> str:
    return client.get(URL.format(pledge.pk))["ETag"]


def test_patch_with_current_etag_applies_and_returns_a_new_etag(api, staff, ken_public):
    client = api(staff)
    etag = etag_of(client, ken_public)
    response = client.patch(URL.format(ken_public.pk), {"title": "Edited"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Edited"
    assert response["ETag"] != etag


def test_patch_with_stale_etag_is_412_and_changes_nothing(api, staff, ken_public):
    client = api(staff)
    etag = etag_of(client, ken_public)
    client.patch(URL.format(ken_public.pk), {"title": "First edit"}, format="json")
    response = client.patch(
        URL.format(ken_public.pk), {"title": "Second edit"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    assert Pledge.objects.get(pk=ken_public.pk).title == "First edit"


def test_put_with_stale_etag_is_412_and_changes_nothing(api, staff, ken_public):
    client = api(staff)
    body = client.get(URL.format(ken_public.pk)).json()
    response = client.put(
        URL.format(ken_public.pk), {**body, "title": "Replaced"}, format="json", HTTP_IF_MATCH='"outdated"'
    )
    assert response.status_code == 412
    assert Pledge.objects.get(pk=ken_public.pk).title == ken_public.title


def test_put_with_current_etag_replaces(api, staff, ken_public):
    client = api(staff)
    response = client.get(URL.format(ken_public.pk))
    body = {**response.json(), "title": "Replaced", "sdg_targets": ["5.2"]}
    response = client.put(URL.format(ken_public.pk), body, format="json", HTTP_IF_MATCH=response["ETag"])
    assert response.status_code == 200, response.content
    assert response.json()["sdg_targets"] == ["5.2"]


def test_patch_without_if_match_is_applied(api, staff, ken_public):
    response = api(staff).patch(URL.format(ken_public.pk), {"title": "Last write wins"}, format="json")
    assert response.status_code == 200
    assert Pledge.objects.get(pk=ken_public.pk).title == "Last write wins"


@pytest.mark.parametrize("header", ["*", '"other", {etag}'])
def test_if_match_accepts_star_and_lists(api, staff, ken_public, header):
    client = api(staff)
    header = header.format(etag=etag_of(client, ken_public))
    response = client.patch(
        URL.format(ken_public.pk), {"title": "Edited"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 200


def test_weak_etag_never_matches(api, staff, ken_public):
    client = api(staff)
    weak = "W/" + etag_of(client, ken_public)
    response = client.patch(URL.format(ken_public.pk), {"title": "Edited"}, format="json", HTTP_IF_MATCH=weak)
    assert response.status_code == 412


def test_a_progress_report_changes_the_etag(api, staff, ken_public):
    client = api(staff)
    etag = etag_of(client, ken_public)
    report = {"status": "in_progress", "progress": 50, "narrative": "Bill tabled."}
    client.post(f"/api/v1/pledges/{ken_public.pk}/reports/", report, format="json")
    assert etag_of(client, ken_public) != etag


def test_changing_only_sdg_targets_changes_the_etag(api, staff, ken_public):
    client = api(staff)
    etag = etag_of(client, ken_public)
    client.patch(URL.format(ken_public.pk), {"sdg_targets": ["5.2", "16.2"]}, format="json")
    assert etag_of(client, ken_public) != etag


def test_if_none_match_with_current_etag_is_304(api, viewer, ken_public):
    client = api(viewer)
    response = client.get(URL.format(ken_public.pk), HTTP_IF_NONE_MATCH=etag_of(client, ken_public))
    assert response.status_code == 304


def test_invalid_patch_with_current_etag_changes_nothing(api, staff, ken_public):
    client = api(staff)
    etag = etag_of(client, ken_public)
    response = client.patch(URL.format(ken_public.pk), {"progress": 101}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    assert Pledge.objects.get(pk=ken_public.pk).progress == ken_public.progress


def test_changing_the_interval_moves_the_next_report(api, staff, reference_data):
    pledge = PledgeFactory(made_on=dt.date(2025, 1, 1), reporting_interval_days=180)
    response = api(staff).patch(URL.format(pledge.pk), {"reporting_interval_days": 30}, format="json")
    assert response.json()["next_report_due"] == "2025-01-31"

"""Pledges are published on purpose: a new pledge without `visibility` is internal until staff publish it."""

from __future__ import annotations

import pytest

from pledges.models import Pledge
from tests.factories import PledgeFactory, state

NEW_PLEDGE = {
    "member_state": "KEN",
    "origin": "bogota_2024",
    "title": "Run the child helpline around the clock",
    "area": "services",
}


def test_a_pledge_recorded_without_visibility_starts_internal(api, staff):
    response = api(staff).post("/api/v1/pledges/", NEW_PLEDGE, format="json")
    assert response.status_code == 201
    assert response.json()["visibility"] == "internal"
    assert Pledge.objects.get().visibility == "internal"


def test_a_new_internal_pledge_is_not_in_the_public_feed(api, staff):
    pk = api(staff).post("/api/v1/pledges/", NEW_PLEDGE, format="json").json()["id"]
    assert api().get("/api/v1/public/pledges/").json()["count"] == 0
    assert api().get(f"/api/v1/public/pledges/{pk}/").status_code == 404


def test_staff_may_still_record_a_pledge_public_on_purpose(api, staff):
    response = api(staff).post("/api/v1/pledges/", {**NEW_PLEDGE, "visibility": "public"}, format="json")
    assert response.json()["visibility"] == "public"
    assert api().get("/api/v1/public/pledges/").json()["count"] == 1


def test_staff_publish_with_a_patch_recorded_in_the_history(api, staff):
    pk = api(staff).post("/api/v1/pledges/", NEW_PLEDGE, format="json").json()["id"]
    response = api(staff).patch(f"/api/v1/pledges/{pk}/", {"visibility": "public"}, format="json")
    assert response.status_code == 200
    assert response.json()["visibility"] == "public"
    assert api().get(f"/api/v1/public/pledges/{pk}/").status_code == 200
    latest = Pledge.objects.get(pk=pk).history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Pledge published", staff)
    entries = api(staff).get(f"/api/v1/pledges/{pk}/history/").json()["results"]
    assert any(entry["change_reason"] == "Pledge published" for entry in entries)


def test_staff_unpublish_with_a_patch_recorded_in_the_history(api, staff):
    pledge = PledgeFactory(member_state=state("KEN"), visibility="public")
    response = api(staff).patch(f"/api/v1/pledges/{pledge.pk}/", {"visibility": "internal"}, format="json")
    assert response.status_code == 200
    assert api().get(f"/api/v1/public/pledges/{pledge.pk}/").status_code == 404
    assert pledge.history.first().history_change_reason == "Pledge unpublished"


@pytest.mark.parametrize("who", ["viewer", "focal_ken"])
def test_non_staff_cannot_publish(api, request, who):
    user = request.getfixturevalue(who)
    pledge = PledgeFactory(member_state=state("KEN"), visibility="internal")
    response = api(user).patch(f"/api/v1/pledges/{pledge.pk}/", {"visibility": "public"}, format="json")
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.visibility == "internal"

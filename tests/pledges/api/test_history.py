"""GET /api/v1/pledges/{id}/history/: who changed what, when, from which value to which."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.factories import StaffFactory

URL = "/api/v1/pledges/"
NEW_PLEDGE = {
    "member_state": "KEN",
    "origin": "bogota_2024",
    "made_on": "2024-11-08",
    "title": "Ban corporal punishment",
    "area": "legislation",
    "sdg_targets": ["16.2"],
}


def changes_of(entry) -> dict:
    return {change["field"]: (change["old"], change["new"]) for change in entry["changes"]}


def recorded_pledge(api, staff) -> int:
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        return api(staff).post(URL, NEW_PLEDGE, format="json").json()["id"]


def history(api, user, pledge_id):
    response = api(user).get(f"{URL}{pledge_id}/history/")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_history_starts_with_the_recorded_values(api, staff, reference_data):
    first = history(api, staff, recorded_pledge(api, staff))[0]
    assert first["by"] == "alice"
    assert first["at"].startswith("2025-01-10T")
    assert first["change_reason"] == "Pledge recorded"
    assert changes_of(first)["title"] == (None, "Ban corporal punishment")
    assert changes_of(first)["member_state"] == (None, "KEN")


def test_history_shows_who_changed_which_field_when_from_what_to_what(api, staff, reference_data):
    pledge_id = recorded_pledge(api, staff)
    editor = StaffFactory(username="bob")
    with time_machine.travel(dt.datetime(2025, 2, 1, 9, tzinfo=dt.UTC), tick=False):
        api(editor).patch(
            f"{URL}{pledge_id}/", {"title": "Ban corporal punishment everywhere"}, format="json"
        )
    last = history(api, staff, pledge_id)[-1]
    assert (last["by"], last["at"][:10], last["change_reason"]) == ("bob", "2025-02-01", "Pledge edited")
    assert changes_of(last) == {"title": ("Ban corporal punishment", "Ban corporal punishment everywhere")}


def test_history_shows_sdg_target_changes_as_codes(api, staff, reference_data):
    pledge_id = recorded_pledge(api, staff)
    api(staff).patch(f"{URL}{pledge_id}/", {"sdg_targets": ["16.2", "5.2"]}, format="json")
    assert changes_of(history(api, staff, pledge_id)[-1])["sdg_targets"] == (["16.2"], ["16.2", "5.2"])


def test_history_records_progress_reports_with_their_reason(api, staff, focal_ken, reference_data):
    pledge_id = recorded_pledge(api, staff)
    report = {"status": "in_progress", "progress": 35, "narrative": "Drafting."}
    report_id = api(focal_ken).post(f"{URL}{pledge_id}/reports/", report).json()["id"]
    last = history(api, focal_ken, pledge_id)[-1]
    assert last["by"] == "kamau"
    assert last["change_reason"] == f"Progress report {report_id}"
    assert changes_of(last)["progress"] == (0, 35)


def test_internal_fields_are_left_out_for_non_staff(api, staff, viewer, reference_data):
    pledge_id = recorded_pledge(api, staff)
    api(staff).patch(f"{URL}{pledge_id}/", {"responsible_staff": "alice"}, format="json")
    assert "responsible_staff" in changes_of(history(api, staff, pledge_id)[-1])
    assert all("responsible_staff" not in changes_of(entry) for entry in history(api, viewer, pledge_id))


def test_history_of_another_states_internal_pledge_is_not_found(api, focal_fji, ken_internal):
    assert api(focal_fji).get(f"{URL}{ken_internal.pk}/history/").status_code == 404

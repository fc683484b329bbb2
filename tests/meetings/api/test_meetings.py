"""meetings/: staff log them, viewers read them without the confidential notes."""

from __future__ import annotations

import csv
import io

import pytest

from meetings.models import FollowUpAction, Meeting
from tests.factories import MeetingFactory, state

URL = "/api/v1/meetings/"


def valid_payload(**overrides):
    return {
        "date": "2024-03-12",
        "title": "Investment case roundtable",
        "kind": "roundtable",
        "mode": "online",
        "level": "ministerial",
        "member_states": ["KEN", "FJI"],
        "topics": ["investment_case"],
        "notes": "Chatham House: no attribution.",
        "chatham_house": True,
        "children_engaged": 0,
        **overrides,
    }


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_staff_log_a_meeting_with_states_and_topics(api, staff):
    response = api(staff).post(URL, valid_payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert sorted(body["member_states"]) == ["FJI", "KEN"]
    assert body["topics"] == ["investment_case"]
    assert Meeting.objects.get().created_by == staff


def test_a_new_meeting_can_open_its_follow_ups(api, staff):
    follow_up = {"title": "Send the costing study", "due_date": "2024-04-01", "assignee": staff.pk}

    response = api(staff).post(URL, valid_payload(follow_ups=[follow_up]), format="json")

    assert response.status_code == 201
    assert FollowUpAction.objects.get().meeting_id == response.json()["id"]


def test_viewers_do_not_see_meeting_notes(api, viewer):
    MeetingFactory()

    row = api(viewer).get(URL).json()["results"][0]

    assert "notes" not in row


def test_viewers_do_not_get_meeting_notes_in_csv(api, viewer):
    MeetingFactory()

    response = api(viewer).get(URL, {"format": "csv"})

    assert "notes" not in csv_rows(response)[0]
    assert b"Confidential" not in b"".join(api(viewer).get(URL, {"format": "csv"}).streaming_content)


def test_staff_see_meeting_notes_in_json_and_csv(api, staff):
    MeetingFactory()

    assert api(staff).get(URL).json()["results"][0]["notes"].startswith("Confidential")
    assert csv_rows(api(staff).get(URL, {"format": "csv"}))[0]["notes"].startswith("Confidential")


def test_focal_points_see_no_meetings_in_json_or_csv(api, focal_ken, kenyan_meeting):
    assert api(focal_ken).get(URL).json()["count"] == 0
    assert csv_rows(api(focal_ken).get(URL, {"format": "csv"})) == []


def test_the_csv_of_a_filtered_list_has_the_json_rows(api, staff):
    for kind in ("bilateral", "conference", "conference"):
        MeetingFactory(kind=kind).member_states.set([state("KEN")])
    params = {"kind": "conference", "member_state": "KEN"}

    json_rows = api(staff).get(URL, params).json()["results"]
    rows = csv_rows(api(staff).get(URL, {**params, "format": "csv"}))

    assert [int(row["id"]) for row in rows] == [row["id"] for row in json_rows]
    for csv_row, json_row in zip(rows, json_rows, strict=True):
        assert csv_row["title"] == json_row["title"]
        assert csv_row["kind"] == json_row["kind"] == "conference"
        assert csv_row["member_states"] == ";".join(json_row["member_states"])
        assert csv_row["date"] == json_row["date"]


def test_filters_by_date_range_and_topic(api, viewer, staff):
    api(staff).post(URL, valid_payload(date="2023-06-01"), format="json")
    api(staff).post(URL, valid_payload(date="2024-06-01", topics=["climate"]), format="json")

    in_2024 = api(viewer).get(URL, {"date_after": "2024-01-01", "date_before": "2024-12-31"}).json()
    on_climate = api(viewer).get(URL, {"topic": "climate"}).json()

    assert [row["date"] for row in in_2024["results"]] == ["2024-06-01"]
    assert [row["topics"] for row in on_climate["results"]] == [["climate"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("member_states", ["XXX"]),
        ("kind", "picnic"),
        ("mode", "telepathy"),
        ("level", "emperor"),
        ("children_engaged", -5),
        ("children_engaged", "many"),
        ("date", "12/03/2024"),
        ("topics", ["not_a_theme"]),
        ("organizations", [999999]),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api, staff, field, value):
    response = api(staff).post(URL, valid_payload(**{field: value}), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Meeting.objects.exists()


def test_an_unknown_iso3_code_is_named_in_the_error(api, staff):
    response = api(staff).post(URL, valid_payload(member_states=["KEN", "XYZ"]), format="json")

    assert response.json()["member_states"] == ["Unknown ISO3 code 'XYZ'."]


def test_a_follow_up_for_a_non_staff_assignee_writes_nothing(api, staff, viewer):
    follow_up = {"title": "Call back", "due_date": "2024-04-01", "assignee": viewer.pk}

    response = api(staff).post(URL, valid_payload(follow_ups=[follow_up]), format="json")

    assert response.status_code == 400
    assert "follow_ups" in response.json()
    assert not Meeting.objects.exists()
    assert not FollowUpAction.objects.exists()


def test_staff_update_the_states_of_a_meeting(api, staff, kenyan_meeting):
    response = api(staff).patch(f"{URL}{kenyan_meeting.pk}/", {"member_states": ["FJI"]}, format="json")

    assert response.status_code == 200
    assert response.json()["member_states"] == ["FJI"]


def test_text_a_spreadsheet_would_run_as_a_formula_is_defused_in_csv(api, staff):
    MeetingFactory(summary='=HYPERLINK("http://evil.example","click")')

    row = csv_rows(api(staff).get(URL, {"format": "csv"}))[0]

    assert row["summary"].startswith("'=HYPERLINK")

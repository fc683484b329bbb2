"""visits/: staff plan and record visits with their sites; a focal point sees its own State's."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories import PledgeFactory, VisitFactory, state
from visits.models import CountryVisit, VisitSite

URL = "/api/v1/visits/"


def valid_payload(**overrides):
    return {
        "member_state": "KEN",
        "start_date": "2023-05-08",
        "end_date": "2023-05-12",
        "kind": "official",
        "status": "completed",
        "objectives": "Support the national plan.",
        "children_met": 40,
        "stakeholder_categories": [],
        "sites": [{"name": "Kakamega rescue centre", "kind": "care_institution", "location": "Kakamega"}],
        **overrides,
    }


def test_staff_record_a_visit_with_its_sites(api, staff):
    response = api(staff).post(URL, valid_payload(owner=staff.pk), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["member_state"] == "KEN"
    assert body["sites"] == [
        {"name": "Kakamega rescue centre", "kind": "care_institution", "location": "Kakamega"}
    ]
    assert body["owner"] == staff.pk


def test_sites_given_on_update_replace_the_old_ones(api, staff):
    visit_id = api(staff).post(URL, valid_payload(), format="json").json()["id"]

    response = api(staff).patch(
        f"{URL}{visit_id}/", {"sites": [{"name": "Juvenile court", "kind": "detention"}]}, format="json"
    )

    assert response.status_code == 200
    assert [site["name"] for site in response.json()["sites"]] == ["Juvenile court"]
    assert VisitSite.objects.count() == 1


def test_the_pledges_welcomed_during_a_visit_are_listed(api, viewer):
    visit = VisitFactory()
    pledge = PledgeFactory(origin="country_visit", visit=visit)

    assert api(viewer).get(f"{URL}{visit.pk}/").json()["pledges"] == [pledge.pk]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("end_date", {"end_date": "2023-05-01"}),
        ("children_met", {"children_met": -1}),
        ("member_state", {"member_state": "XXX"}),
        ("kind", {"kind": "holiday"}),
        ("status", {"status": "postponed"}),
        ("start_date", {"start_date": "next week"}),
        ("sites", {"sites": [{"name": "Somewhere", "kind": "spaceport"}]}),
        ("stakeholder_categories", {"stakeholder_categories": ["martians"]}),
        ("owner", {"owner": 999999}),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api, staff, field, overrides):
    response = api(staff).post(URL, valid_payload(**overrides), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not CountryVisit.objects.exists()
    assert not VisitSite.objects.exists()


def test_a_visit_ending_before_it_starts_on_update_is_a_400(api, staff):
    visit = VisitFactory()

    response = api(staff).patch(f"{URL}{visit.pk}/", {"end_date": "2023-01-01"}, format="json")

    assert response.status_code == 400
    assert "end_date" in response.json()
    visit.refresh_from_db()
    assert str(visit.end_date) == "2023-05-12"


def test_a_focal_point_sees_only_its_own_states_visits_in_json_and_csv(api, focal_fji):
    VisitFactory(member_state=state("KEN"))
    fiji = VisitFactory(member_state=state("FJI"))

    rows = api(focal_fji).get(URL).json()["results"]
    response = api(focal_fji).get(URL, {"format": "csv"})
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert [row["id"] for row in rows] == [fiji.pk]
    assert [(row["id"], row["member_state"]) for row in csv_rows] == [(str(fiji.pk), "FJI")]


def test_filters_by_year_kind_and_state(api, viewer):
    VisitFactory(start_date="2023-05-08", end_date="2023-05-12")
    wanted = VisitFactory(start_date="2024-02-01", end_date="2024-02-03", kind="follow_up")
    VisitFactory(member_state=state("FJI"), start_date="2024-02-01", end_date="2024-02-03", kind="follow_up")

    params = {"year": 2024, "kind": "follow_up", "member_state": "KEN"}
    rows = api(viewer).get(URL, params).json()["results"]

    assert [row["id"] for row in rows] == [wanted.pk]


def test_staff_delete_a_visit_logged_by_mistake_and_history_keeps_it(api, staff):
    visit = VisitFactory()

    assert api(staff).delete(f"{URL}{visit.pk}/").status_code == 204

    assert not CountryVisit.objects.filter(pk=visit.pk).exists()
    assert CountryVisit.history.filter(id=visit.pk, history_type="-").get().history_user == staff


def test_a_visit_with_commitments_welcomed_is_a_409_naming_them(api, staff):
    visit = VisitFactory()
    PledgeFactory(origin="country_visit", visit=visit, title="Ban corporal punishment")

    response = api(staff).delete(f"{URL}{visit.pk}/")

    assert response.status_code == 409
    assert "Ban corporal punishment" in response.json()["detail"]
    assert CountryVisit.objects.filter(pk=visit.pk).exists()

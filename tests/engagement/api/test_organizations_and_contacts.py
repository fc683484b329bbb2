"""organizations/ and contacts/: staff write them; bad input is refused field by field."""

from __future__ import annotations

import pytest

from engagement.models import Contact, Organization

ORGANIZATIONS = "/api/v1/organizations/"
CONTACTS = "/api/v1/contacts/"


def test_staff_add_an_organization_with_its_member_states(api, staff):
    payload = {
        "name": "Baltic child-rights network",
        "acronym": "BCRN",
        "kind": "regional_organization",
        "member_states": ["LVA", "LTU"],
    }

    response = api(staff).post(ORGANIZATIONS, payload, format="json")

    assert response.status_code == 201, response.json()
    assert sorted(response.json()["member_states"]) == ["LTU", "LVA"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("member_states", ["XXX"]),
        ("member_states", "LVA"),
        ("kind", "club"),
        ("name", ""),
        ("website", "nope"),
    ],
)
def test_bad_organization_input_is_a_400_naming_the_field(api, staff, field, value):
    before = Organization.objects.count()
    payload = {"name": "New network", "kind": "civil_society", field: value}

    response = api(staff).post(ORGANIZATIONS, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Organization.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("member_state", "XXX"), ("member_state", 404), ("email", "not-an-address"), ("organization", 999999)],
)
def test_bad_contact_input_is_a_400_naming_the_field(api, staff, field, value):
    response = api(staff).post(CONTACTS, {"name": "Amina Otieno", field: value}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Contact.objects.exists()


def test_contacts_never_appear_to_a_viewer_even_as_csv(api, viewer):
    Contact.objects.create(name="Amina Otieno")

    assert api(viewer).get(CONTACTS, {"format": "csv"}).status_code == 403

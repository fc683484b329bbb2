"""users/: staff open accounts (with a password or a link to set one) and deactivate them."""

from __future__ import annotations

from django.core import mail
from knox.models import AuthToken

from engagement.models import User

URL = "/api/v1/users/"


def payload(**overrides):
    return {"username": "wanjiku", "email": "wanjiku@example.org", "role": "viewer", **overrides}


def test_staff_open_an_account_with_a_password(api, staff):
    response = api(staff).post(URL, payload(password="a-long-unusual-passphrase-42"), format="json")

    assert response.status_code == 201
    assert "password" not in response.json()
    assert User.objects.get(username="wanjiku").check_password("a-long-unusual-passphrase-42")
    assert mail.outbox == []


def test_an_account_without_password_gets_a_link_to_set_one(
    api, staff, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://tracker.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = api(staff).post(URL, payload(), format="json")

    assert response.status_code == 201
    user = User.objects.get(username="wanjiku")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wanjiku@example.org"]
    assert "https://tracker.example.org/accounts/reset/" in mail.outbox[0].body


def test_a_focal_point_account_names_its_state(api, staff):
    response = api(staff).post(
        URL, payload(role="focal_point", member_state="KEN", password="x-Quite-long-9"), format="json"
    )

    assert response.status_code == 201
    assert response.json()["member_state"] == "KEN"


def test_a_focal_point_without_a_state_is_a_400_on_member_state(api, staff):
    response = api(staff).post(URL, payload(role="focal_point"), format="json")

    assert response.status_code == 400
    assert "member_state" in response.json()
    assert not User.objects.filter(username="wanjiku").exists()


def test_a_viewer_with_a_state_is_a_400_on_member_state(api, staff):
    response = api(staff).post(URL, payload(member_state="KEN"), format="json")

    assert response.status_code == 400
    assert "member_state" in response.json()
    assert not User.objects.filter(username="wanjiku").exists()


def test_an_unknown_state_is_a_400_naming_the_code(api, staff):
    response = api(staff).post(URL, payload(role="focal_point", member_state="XXX"), format="json")

    assert response.status_code == 400
    assert response.json()["member_state"] == ["Unknown ISO3 code 'XXX'."]
    assert not User.objects.filter(username="wanjiku").exists()


def test_an_unknown_role_is_a_400_on_role(api, staff):
    response = api(staff).post(URL, payload(role="admin"), format="json")

    assert response.status_code == 400
    assert "role" in response.json()
    assert not User.objects.filter(username="wanjiku").exists()


def test_a_weak_password_is_a_400_on_password(api, staff):
    response = api(staff).post(URL, payload(password="123"), format="json")

    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="wanjiku").exists()


def test_deactivating_an_account_revokes_its_tokens(api, staff, viewer):
    AuthToken.objects.create(user=viewer)

    response = api(staff).patch(f"{URL}{viewer.pk}/", {"is_active": False}, format="json")

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert not AuthToken.objects.filter(user=viewer).exists()


def test_no_user_response_carries_a_password(api, staff, viewer):
    response = api(staff).get(URL)

    assert response.status_code == 200
    for row in response.json()["results"]:
        assert "password" not in row
    assert "md5$" not in response.content.decode()  # the hasher the tests use

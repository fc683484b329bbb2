"""Tokens: obtain one, use it, list and revoke them; failed sign-ins lock the account (axes)."""

from __future__ import annotations

import pytest
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from engagement.models import User
from tests.factories import StaffFactory

PASSWORD = "correct horse battery"
TOKEN_URL = "/api/v1/auth/token/"


def obtain(username: str, password: str = PASSWORD):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def token_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_right_credentials_return_a_token_that_signs_requests_in(viewer):
    response = obtain("victor")

    assert response.status_code == 200
    token = response.json()["token"]
    assert token_client(token).get("/api/v1/member-states/KEN/").status_code == 200


def test_the_token_is_stored_only_as_a_hash(viewer):
    token = obtain("victor").json()["token"]

    stored = AuthToken.objects.get(user=viewer)
    assert stored.digest != token
    assert token not in (stored.digest, stored.token_key)


def test_wrong_password_is_a_400_with_a_non_field_error(viewer):
    response = obtain("victor", "wrong")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not AuthToken.objects.exists()


def test_missing_password_is_a_400_naming_the_field(viewer):
    response = APIClient().post(TOKEN_URL, {"username": "victor"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()


def test_five_failures_lock_the_account_even_against_the_right_password(viewer):
    for _ in range(5):
        obtain("victor", "wrong")

    response = obtain("victor")

    assert response.status_code == 403
    assert "locked" in response.json()["detail"]
    assert not AuthToken.objects.exists()


def test_the_lock_also_closes_the_web_sign_in_form(reference_data):
    StaffFactory(username="alice")
    for _ in range(5):
        obtain("alice", "wrong")

    client = Client()
    response = client.post("/admin/login/", {"username": "alice", "password": PASSWORD})

    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_do_not_lock(viewer):
    for _ in range(4):
        obtain("victor", "wrong")

    assert obtain("victor").status_code == 200


def test_a_deactivated_users_token_stops_working(viewer):
    token = obtain("victor").json()["token"]
    User.objects.filter(pk=viewer.pk).update(is_active=False)

    assert token_client(token).get("/api/v1/member-states/").status_code == 401


def test_a_deactivated_user_cannot_obtain_a_token(viewer):
    User.objects.filter(pk=viewer.pk).update(is_active=False)

    assert obtain("victor").status_code == 400


def test_a_user_lists_their_tokens_without_the_secret(viewer):
    token = obtain("victor").json()["token"]
    obtain("victor")

    response = token_client(token).get("/api/v1/auth/tokens/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 2
    assert set(rows[0]) == {"id", "user", "created", "expiry"}
    assert token not in response.content.decode()


def test_a_user_does_not_see_another_users_tokens(viewer, focal_ken):
    obtain("kamau")
    token = obtain("victor").json()["token"]

    response = token_client(token).get(f"/api/v1/auth/tokens/?user={focal_ken.pk}")

    assert response.json()["results"] == []


def test_staff_list_another_users_tokens(api, staff, viewer):
    obtain("victor")

    response = api(staff).get(f"/api/v1/auth/tokens/?user={viewer.pk}")

    assert [row["user"] for row in response.json()["results"]] == [viewer.pk]


def test_a_user_revokes_one_of_their_tokens(viewer):
    kept = obtain("victor").json()["token"]
    revoked = obtain("victor").json()["token"]
    key = AuthToken.objects.get(token_key=revoked[:15]).token_key

    response = token_client(kept).delete(f"/api/v1/auth/tokens/{key}/")

    assert response.status_code == 204
    assert token_client(revoked).get("/api/v1/member-states/").status_code == 401
    assert token_client(kept).get("/api/v1/member-states/").status_code == 200


@pytest.mark.parametrize(("revoker", "expected"), [("kamau", 404), ("alice", 204)])
def test_only_the_owner_or_staff_revoke_a_token(staff, viewer, focal_ken, revoker, expected):
    victors = obtain("victor").json()["token"]
    key = AuthToken.objects.get(user=viewer).token_key
    revoker_token = obtain(revoker).json()["token"]

    response = token_client(revoker_token).delete(f"/api/v1/auth/tokens/{key}/")

    assert response.status_code == expected
    assert AuthToken.objects.filter(token_key=key).exists() == (expected == 404)
    assert (token_client(victors).get("/api/v1/member-states/").status_code == 200) == (expected == 404)


def test_logout_revokes_the_token_of_the_request(viewer):
    token = obtain("victor").json()["token"]

    response = token_client(token).post("/api/v1/auth/logout/")

    assert response.status_code == 204
    assert token_client(token).get("/api/v1/member-states/").status_code == 401


def test_a_made_up_token_is_a_401(viewer):
    assert token_client("0" * 64).get("/api/v1/member-states/").status_code == 401

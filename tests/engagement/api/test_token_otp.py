"""POST /api/v1/auth/token/ with two-factor sign-in: `otp` beside the password, or a 400 on `otp`."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.fixtures.two_factor import app_code, two_factor_on

PASSWORD = "correct horse battery"
TOKEN_URL = "/api/v1/auth/token/"


def obtain(username: str, **extra):
    return APIClient().post(TOKEN_URL, {"username": username, "password": PASSWORD, **extra}, format="json")


def failures(username: str) -> int:
    return sum(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", flat=True))


def test_an_account_with_two_factor_and_no_otp_is_a_400_on_otp(staff, clock):
    two_factor_on(staff)

    response = obtain("alice")

    assert response.status_code == 400
    assert "two-factor" in response.json()["otp"][0]
    assert not AuthToken.objects.exists()
    assert failures("alice") == 1


def test_a_wrong_otp_is_a_400_on_otp_counted_as_a_failure(staff, clock):
    device, _codes = two_factor_on(staff)
    clock.shift(30)

    response = obtain("alice", otp=app_code(device, steps_ahead=5))

    assert response.status_code == 400
    assert list(response.json()) == ["otp"]
    assert not AuthToken.objects.exists()
    assert failures("alice") == 1


def test_the_app_code_beside_the_password_returns_a_token(staff, clock):
    device, _codes = two_factor_on(staff)
    clock.shift(30)

    response = obtain("alice", otp=app_code(device))

    assert response.status_code == 200
    assert AuthToken.objects.filter(user=staff).count() == 1


def test_a_recovery_code_returns_a_token_once(staff, clock):
    _device, codes = two_factor_on(staff)

    assert obtain("alice", otp=codes[0]).status_code == 200
    clock.shift(30)
    assert obtain("alice", otp=codes[0]).status_code == 400
    assert AuthToken.objects.count() == 1


def test_wrong_otps_lock_the_account(staff, clock, settings):
    device, _codes = two_factor_on(staff)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        clock.shift(30)
        obtain("alice", otp=app_code(device, steps_ahead=5))
    clock.shift(30)

    response = obtain("alice", otp=app_code(device))

    assert response.status_code == 403
    assert "locked" in response.json()["detail"]
    assert not AuthToken.objects.exists()


def test_a_wrong_password_with_a_right_otp_is_refused_as_today(staff, clock):
    device, _codes = two_factor_on(staff)
    clock.shift(30)

    response = APIClient().post(
        TOKEN_URL, {"username": "alice", "password": "wrong", "otp": app_code(device)}, format="json"
    )

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


@pytest.mark.parametrize("extra", [{}, {"otp": ""}, {"otp": "123456"}])
def test_an_account_without_two_factor_is_answered_as_today(viewer, extra):
    response = obtain("victor", **extra)

    assert response.status_code == 200
    assert set(response.json()) == {"token", "expiry"}


@pytest.fixture
def staff_2fa_required(settings):
    settings.REQUIRE_STAFF_2FA = True


def test_with_staff_2fa_required_staff_without_it_get_a_403_to_set_it_up(staff, staff_2fa_required):
    response = obtain("alice")

    assert response.status_code == 403
    assert "must set up two-factor sign-in" in response.json()["detail"]
    assert not AuthToken.objects.exists()


def test_with_staff_2fa_required_staff_with_it_obtain_a_token_with_otp(staff, staff_2fa_required, clock):
    device, _codes = two_factor_on(staff)
    clock.shift(30)

    assert obtain("alice", otp=app_code(device)).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_with_staff_2fa_required_other_roles_are_answered_as_today(request, staff_2fa_required, role):
    user = request.getfixturevalue(role)

    assert obtain(user.username).status_code == 200


def test_a_token_signs_in_without_the_session_rule(staff, staff_2fa_required):
    """A token given before the rule (or by `api_token`) is not a session: the session rule skips it."""
    _instance, token = AuthToken.objects.create(user=staff)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.get("/api/v1/member-states/").status_code == 200


@pytest.mark.django_db
def test_the_schema_shows_the_optional_otp_field():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    request = schema["components"]["schemas"]["TokenRequestRequest"]

    assert "otp" in request["properties"]
    assert "otp" not in request.get("required", [])

"""Two-factor sign-in: set-up on the account page, the code step of the sign-in, recovery codes,
turning it off, and REQUIRE_STAFF_2FA (staff reach nothing else until set up and verified)."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagement.two_factor import two_factor_enabled
from tests.fixtures.two_factor import app_code, two_factor_on

PASSWORD = "correct horse battery"


def next_step(clock) -> None:
    """Let the app show its next code (a code is good once, and a failure slows the next try)."""
    clock.shift(30)


def give_password(client: Client, username: str, password: str = PASSWORD, next_url: str | None = None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def give_code(client: Client, code: str):
    return client.post("/accounts/login/code/", {"code": code})


def failures(username: str) -> int:
    return sum(AccessAttempt.objects.filter(username=username).values_list("failures_since_start", flat=True))


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- Set-up on the account page -----------------------------------------------------------------


def test_the_account_page_links_to_two_factor_set_up(web, viewer):
    page = web(viewer).get("/account/").content.decode()

    assert "Off: your password alone signs you in." in page
    assert 'href="/account/two-factor/"' in page


def test_set_up_shows_the_qr_code_and_the_key_as_text(web, staff):
    client = web(staff)
    assert client.post("/account/two-factor/")["Location"] == "/account/two-factor/setup/"

    page = client.get("/account/two-factor/setup/").content.decode()

    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    shown = re.search(r'<code id="totp-secret" dir="ltr">([A-Z2-7 ]+)</code>', page).group(1)
    assert shown.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    assert '<svg role="img"' in page
    assert "style=" not in page
    assert "<img" not in page


def test_a_wrong_first_code_leaves_two_factor_off(web, staff, clock):
    client = web(staff)
    client.post("/account/two-factor/")
    device = TOTPDevice.objects.get(user=staff)

    response = client.post("/account/two-factor/setup/", {"code": app_code(device, steps_ahead=5)})

    assert response.status_code == 200
    assert "This code does not match" in response.content.decode()
    assert not two_factor_enabled(staff)
    assert not StaticToken.objects.exists()


def test_the_first_code_confirms_the_device_and_makes_ten_recovery_codes_shown_once(web, staff, clock):
    client = web(staff)
    client.post("/account/two-factor/")
    device = TOTPDevice.objects.get(user=staff)

    response = client.post("/account/two-factor/setup/", {"code": app_code(device)})

    assert response["Location"] == "/account/two-factor/"
    device.refresh_from_db()
    assert device.confirmed
    first_view = client.get("/account/two-factor/")
    codes = first_view.context["new_codes"]
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert all(code in first_view.content.decode() for code in codes)
    assert not any(code in client.get("/account/two-factor/").content.decode() for code in codes)


def test_setting_up_verifies_this_session_and_ends_the_others(staff, clock):
    this_browser, other_browser = Client(), Client()
    this_browser.force_login(staff)
    other_browser.force_login(staff)
    this_browser.post("/account/two-factor/")
    device = TOTPDevice.objects.get(user=staff)

    this_browser.post("/account/two-factor/setup/", {"code": app_code(device)})

    assert this_browser.session["otp_device_id"] == device.persistent_id
    assert this_browser.get("/account/").status_code == 200
    assert other_browser.get("/account/")["Location"].startswith("/accounts/login/")


# --- Signing in: password, then code ------------------------------------------------------------


def test_an_account_with_two_factor_is_asked_for_its_code_after_the_password(client, staff, clock):
    device, _codes = two_factor_on(staff)
    next_step(clock)

    response = give_password(client, "alice")

    assert response["Location"] == "/accounts/login/code/"
    assert not signed_in(client)
    assert give_code(client, app_code(device))["Location"] == "/"
    assert signed_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_the_code_step_keeps_a_safe_next_and_drops_another_host(client, staff, clock):
    device, _codes = two_factor_on(staff)
    next_step(clock)
    give_password(client, "alice", next_url="/pledges/")
    assert give_code(client, app_code(device))["Location"] == "/pledges/"

    other = Client()
    next_step(clock)
    give_password(other, "alice", next_url="https://evil.example/")
    assert give_code(other, app_code(device))["Location"] == "/"


def test_a_wrong_code_is_refused_and_counted_as_a_failed_sign_in(client, staff, clock):
    device, _codes = two_factor_on(staff)
    next_step(clock)
    give_password(client, "alice")

    response = give_code(client, app_code(device, steps_ahead=5))

    assert response.status_code == 200
    assert "This code is not right" in response.content.decode()
    assert not signed_in(client)
    assert failures("alice") == 1


def test_a_code_is_good_only_once(client, staff, clock):
    device, _codes = two_factor_on(staff)
    next_step(clock)
    code = app_code(device)
    give_password(client, "alice")
    give_code(client, code)

    other = Client()
    give_password(other, "alice")
    give_code(other, code)

    assert not signed_in(other)


def test_wrong_codes_lock_the_account_for_the_password_step_too(client, staff, clock, settings):
    device, _codes = two_factor_on(staff)
    give_password(client, "alice")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        next_step(clock)
        give_code(client, app_code(device, steps_ahead=5))
    next_step(clock)

    assert give_code(client, app_code(device, steps_ahead=5)).status_code == 429
    assert give_password(Client(), "alice").status_code == 429
    assert not signed_in(client)


def test_wrong_passwords_then_a_right_code_still_meet_the_lock(client, staff, clock, settings):
    device, _codes = two_factor_on(staff)
    give_password(client, "alice")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        give_password(Client(), "alice", "wrong")
    next_step(clock)

    assert give_code(client, app_code(device)).status_code == 429
    assert not signed_in(client)


def test_the_code_step_without_a_password_goes_back_to_sign_in(client, staff):
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"
    assert client.post("/accounts/login/code/", {"code": "123456"})["Location"] == "/accounts/login/"


def test_a_password_given_more_than_five_minutes_ago_must_be_given_again(client, staff, clock):
    device, _codes = two_factor_on(staff)
    give_password(client, "alice")
    clock.shift(301)

    assert give_code(client, app_code(device))["Location"] == "/accounts/login/"
    assert not signed_in(client)


def test_an_account_without_two_factor_signs_in_with_its_password_alone(client, staff):
    assert give_password(client, "alice")["Location"] == "/"
    assert signed_in(client)


# --- Recovery codes and turning it off ----------------------------------------------------------


def test_a_recovery_code_signs_in_once_only(staff, clock):
    _device, codes = two_factor_on(staff)
    first, second = Client(), Client()
    give_password(first, "alice")
    give_code(first, codes[0].upper())
    give_password(second, "alice")
    give_code(second, codes[0])

    assert signed_in(first)
    assert not signed_in(second)
    assert StaticToken.objects.count() == 9


def test_new_recovery_codes_replace_the_old_ones(staff, clock):
    _device, old_codes = two_factor_on(staff)
    client = Client()
    give_password(client, "alice")
    give_code(client, old_codes[0])

    assert client.post("/account/two-factor/recovery-codes/")["Location"] == "/account/two-factor/"
    new_codes = client.get("/account/two-factor/").context["new_codes"]

    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    other = Client()
    give_password(other, "alice")
    give_code(other, old_codes[1])
    assert not signed_in(other)
    next_step(clock)
    give_code(other, new_codes[0])
    assert signed_in(other)


def test_turning_two_factor_off_needs_the_password_and_a_code(web, staff, clock):
    device, _codes = two_factor_on(staff)
    client = web(staff)
    next_step(clock)

    wrong_password = client.post(
        "/account/two-factor/disable/", {"password": "wrong", "code": app_code(device)}
    )
    assert "This is not your password." in wrong_password.content.decode()
    wrong_code = client.post(
        "/account/two-factor/disable/", {"password": PASSWORD, "code": app_code(device, steps_ahead=5)}
    )
    assert "This code is not right" in wrong_code.content.decode()
    assert two_factor_enabled(staff)

    next_step(clock)
    response = client.post("/account/two-factor/disable/", {"password": PASSWORD, "code": app_code(device)})

    assert response["Location"] == "/account/two-factor/"
    assert not two_factor_enabled(staff)
    assert not StaticToken.objects.exists()


# --- REQUIRE_STAFF_2FA --------------------------------------------------------------------------


@pytest.fixture
def staff_2fa_required(settings):
    settings.REQUIRE_STAFF_2FA = True


def test_staff_without_a_device_are_sent_to_set_up_after_the_password(client, staff, staff_2fa_required):
    assert give_password(client, "alice")["Location"] == "/account/two-factor/"

    page = client.get("/account/two-factor/").content.decode()
    assert "Staff accounts must use two-factor sign-in." in page


@pytest.mark.parametrize("url", ["/", "/pledges/", "/account/", "/meetings/new/"])
def test_staff_without_a_device_reach_no_other_page(web, staff, staff_2fa_required, url):
    assert web(staff).get(url)["Location"] == "/account/two-factor/"


def test_staff_without_a_device_get_a_403_from_the_api_in_their_session(web, staff, staff_2fa_required):
    response = web(staff).get("/api/v1/member-states/")

    assert response.status_code == 403
    assert "must set up two-factor sign-in" in response.json()["detail"]


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_focal_points_and_viewers_are_not_forced_to_set_up(request, client, staff_2fa_required, role):
    user = request.getfixturevalue(role)

    assert give_password(client, user.username)["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/pledges/").status_code == 200


def test_staff_who_set_up_in_their_session_reach_every_page(web, staff, staff_2fa_required, clock):
    client = web(staff)
    client.post("/account/two-factor/")
    client.post("/account/two-factor/setup/", {"code": app_code(TOTPDevice.objects.get(user=staff))})

    assert client.get("/").status_code == 200
    assert client.get("/api/v1/member-states/").status_code == 200


def test_staff_with_a_device_need_a_verified_session(web, staff, staff_2fa_required, clock):
    two_factor_on(staff)
    unverified = web(staff)

    assert unverified.get("/api/v1/member-states/").status_code == 403
    assert unverified.get("/pledges/")["Location"] == "/accounts/login/?next=/pledges/"
    assert not signed_in(unverified)


def test_the_session_api_answers_once_the_code_is_given(client, staff, staff_2fa_required, clock):
    device, _codes = two_factor_on(staff)
    next_step(clock)
    give_password(client, "alice")
    assert client.get("/api/v1/member-states/").status_code == 401  # not signed in between the steps

    give_code(client, app_code(device))

    assert client.get("/api/v1/member-states/").status_code == 200


# --- The admin ----------------------------------------------------------------------------------


def test_the_admin_signs_in_through_the_two_step_sign_in(client, staff):
    response = client.get("/admin/login/?next=/admin/")

    assert response.templates[0].name == "registration/login.html"
    assert 'action="/accounts/login/"' in response.content.decode()


def test_the_admin_needs_a_verified_session_for_staff_with_a_device(web, staff, clock):
    two_factor_on(staff)

    assert web(staff).get("/admin/")["Location"] == "/accounts/login/?next=/admin/"


def test_the_admin_opens_after_the_code(client, staff, clock):
    device, _codes = two_factor_on(staff)
    next_step(clock)
    give_password(client, "alice", next_url="/admin/")

    assert give_code(client, app_code(device))["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

"""Browser journey of two-factor sign-in: staff set it up from the account page, then sign in with a code."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from engagement.two_factor import two_factor_enabled
from tests.factories import StaffFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


def code_from_key(typed_key: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for a key typed in from the page."""
    key = b32decode(typed_key.replace(" ", ""))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_staff_set_up_two_factor_from_the_account_page_and_sign_in_with_a_code(
    reference_data, sign_in, page_check
):
    alice = StaffFactory(username="alice", first_name="Alice")
    page = sign_in("alice")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    page.wait_for_url("**/account/two-factor/setup/")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page_check(page, "two-factor-setup")

    typed_key = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code").fill(code_from_key(typed_key))
    page.get_by_role("button", name="Turn two-factor sign-in on").click()
    expect(page.get_by_text("Two-factor sign-in is on.", exact=True)).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page_check(page, "two-factor-recovery-codes")
    assert two_factor_enabled(alice)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    sign_in("alice")
    page.wait_for_url("**/accounts/login/code/")
    page_check(page, "sign-in-code")
    # The set-up used the current code; the app's next one is within the accepted window.
    page.get_by_label("Code").fill(code_from_key(typed_key, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")).to_be_visible()
    page.goto("/account/")
    expect(page.get_by_text("On: you sign in with your password and a code")).to_be_visible()

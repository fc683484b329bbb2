"""The account page's calendar panel: the secret address (https and webcal://), its rotation
(POST only) and, for staff only, what the calendar holds."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from reminders.choices import CalendarScope
from reminders.models import CalendarFeed
from tests.factories import StaffFactory

ACCOUNT = "/account/"
ROTATE = "/account/calendar/rotate/"
SCOPE = "/account/calendar/"


def token_of(user) -> str:
    return CalendarFeed.objects.get(user=user).token


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_the_account_page_shows_the_secret_address_and_a_webcal_link(request, web, role):
    user = request.getfixturevalue(role)

    page = web(user).get(ACCOUNT).content.decode()

    token = token_of(user)
    assert re.search(
        rf'<label for="calendar-url">Your calendar address</label>\s*<input type="url" id="calendar-url"'
        rf'[^>]* value="http://testserver/calendar/{token}\.ics" readonly',
        page,
    )
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    assert "This address is secret" in page
    assert f'action="{ROTATE}"' in page


def test_the_address_stays_the_same_from_one_visit_to_the_next(web, focal_ken):
    web(focal_ken).get(ACCOUNT)
    first = token_of(focal_ken)

    web(focal_ken).get(ACCOUNT)

    assert token_of(focal_ken) == first
    assert CalendarFeed.objects.filter(user=focal_ken).count() == 1


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_rotating_gives_a_new_address_and_the_old_one_is_404(request, web, role):
    user = request.getfixturevalue(role)
    client = web(user)
    client.get(ACCOUNT)
    old = token_of(user)

    response = client.post(ROTATE, follow=True)

    new = token_of(user)
    assert new != old
    assert response.redirect_chain == [(ACCOUNT, 302)]
    page = response.content.decode()
    assert "Your calendar has a new address" in page
    assert f"/calendar/{new}.ics" in page
    assert old not in page
    assert web().get(f"/calendar/{old}.ics").status_code == 404
    assert web().get(f"/calendar/{new}.ics").status_code == 200


def test_get_on_rotate_is_405_and_changes_nothing(web, focal_ken):
    client = web(focal_ken)
    client.get(ACCOUNT)
    before = token_of(focal_ken)

    assert client.get(ROTATE).status_code == 405
    assert token_of(focal_ken) == before


def test_rotating_needs_the_csrf_token(focal_ken):
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_ken)
    client.get(ACCOUNT)
    before = token_of(focal_ken)

    assert client.post(ROTATE).status_code == 403
    assert token_of(focal_ken) == before


def test_anonymous_callers_are_sent_to_sign_in(web, reference_data):
    for url in (ROTATE, SCOPE):
        response = web().post(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert not CalendarFeed.objects.exists()


def test_staff_choose_what_their_calendar_holds(web, staff):
    client = web(staff)
    page = client.get(ACCOUNT).content.decode()
    assert "<legend>What your calendar holds</legend>" in page
    assert re.search(r'id="calendar-scope-mine" value="mine" checked', page)

    response = client.post(SCOPE, {"scope": CalendarScope.ALL}, follow=True)

    assert response.redirect_chain == [(ACCOUNT, 302)]
    assert CalendarFeed.objects.get(user=staff).scope == CalendarScope.ALL
    assert re.search(r'id="calendar-scope-all" value="all" checked', response.content.decode())


@pytest.mark.parametrize("scope", ["", "everything", "x" * 5000])
def test_an_unknown_scope_is_a_400_and_changes_nothing(web, staff, scope):
    client = web(staff)
    client.get(ACCOUNT)

    response = client.post(SCOPE, {"scope": scope} if scope else {})

    assert response.status_code == 400
    assert "Choose one of the offered calendar contents." in response.content.decode()
    assert CalendarFeed.objects.get(user=staff).scope == CalendarScope.MINE


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_only_staff_choose_the_scope(request, web, role):
    user = request.getfixturevalue(role)
    client = web(user)
    page = client.get(ACCOUNT).content.decode()
    assert f'action="{SCOPE}"' not in page

    assert client.post(SCOPE, {"scope": CalendarScope.ALL}).status_code == 403
    assert CalendarFeed.objects.get(user=user).scope == CalendarScope.MINE


def test_get_on_the_scope_form_is_405(web, staff):
    assert web(staff).get(SCOPE).status_code == 405


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.django_db(transaction=True)
def test_staff_subscribe_rotate_and_choose_by_keyboard(reference_data, sign_in, page_check):
    staff = StaffFactory(username="alice", first_name="Alice")

    page = sign_in("alice")
    page.goto(ACCOUNT)
    address = page.get_by_label("Your calendar address")
    first = address.input_value()
    assert first == f"{page.url.split('/account/')[0]}/calendar/{token_of(staff)}.ics"
    expect(page.get_by_role("link", name="Subscribe in your calendar app")).to_have_attribute(
        "href", re.compile(r"^webcal://[^/]+/calendar/[\w-]{43}\.ics$")
    )
    page_check(page, "account-calendar")

    page.get_by_role("button", name="Get a new calendar address").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your calendar has a new address")).to_be_visible()
    assert page.get_by_label("Your calendar address").input_value() != first

    page.get_by_label("Everything the Office follows").check()
    page.get_by_role("button", name="Save what my calendar holds").click()
    expect(page.get_by_text("Your calendar's contents are saved.")).to_be_visible()
    expect(page.get_by_label("Everything the Office follows")).to_be_checked()
    assert CalendarFeed.objects.get(user=staff).scope == CalendarScope.ALL


def test_the_account_page_holding_the_address_is_never_cached(web, focal_ken):
    response = web(focal_ken).get(ACCOUNT)

    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}

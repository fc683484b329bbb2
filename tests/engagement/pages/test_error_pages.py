"""400, 403, 404, 500 and a refused CSRF token: in the site layout, translated, with a way back."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.test import Client


@pytest.fixture(autouse=True)
def _production_errors(settings):
    """Error pages as users meet them: DEBUG off, so Django never shows its technical pages."""
    settings.DEBUG = False


def assert_site_layout(page: str) -> None:
    assert '<nav aria-label="Main">' in page
    assert 'href="/">Go to the dashboard</a>' in page
    assert 'rel="icon"' in page


def test_404_is_in_the_layout_with_the_navigation_and_a_way_home(web, staff):
    response = web(staff).get("/meetings/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert_site_layout(page)
    assert "This page does not exist" in page
    assert 'href="/meetings/">Meetings</a>' in page  # the staff member's own menu


def test_404_of_an_unknown_address_names_it(web, staff):
    page = web(staff).get("/no-such-page/").content.decode()
    assert "<code>/no-such-page/</code>" in page


def test_404_links_back_to_the_referring_page_of_this_site_only(web, staff):
    client = web(staff)
    ours = client.get("/nowhere/", HTTP_REFERER="http://testserver/pledges/").content.decode()
    assert 'href="http://testserver/pledges/">Back to the previous page</a>' in ours
    theirs = client.get("/nowhere/", HTTP_REFERER="https://evil.example/phish").content.decode()
    assert "evil.example" not in theirs
    assert "Back to the previous page" not in theirs


def test_404_is_translated(web, staff):
    staff.language = "fr"  # a signed-in page speaks the account's language
    staff.save(update_fields=["language"])
    page = web(staff).get("/nowhere/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Tableau de bord" in page


def test_403_is_in_the_layout_for_a_role_the_page_is_not_open_to(web, focal_ken):
    response = web(focal_ken).get("/meetings/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have access to this page" in page
    assert '<nav aria-label="Main">' in page
    assert 'href="/states/KEN/">My State</a>' in page  # the focal point's own way back


def test_400_is_in_the_layout(web, staff):
    response = web(staff).get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not understand this request" in page
    assert 'href="/">Go to the dashboard</a>' in page


def test_csrf_failure_is_in_the_layout_and_says_what_to_do(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert_site_layout(page)


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("the database is down")


@pytest.mark.urls("tests.engagement.pages.error_urls")
@pytest.mark.parametrize("signed_in", [False, True])
def test_500_renders_without_the_database(staff, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(staff)
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert 'href="/">Go to the dashboard</a>' in page
    assert "<!doctype html>" in page  # the site layout, not Django's bare page


def test_favicon_is_served_at_the_root(web):
    response = web().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header

"""A focal point reads the tracker in Arabic (right to left) and keeps Russian on their account."""

from __future__ import annotations

import pytest

from engagement.models import User
from tests.factories import FocalPointFactory, PledgeFactory, state
from tests.fixtures.browser import FACTORY_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def amina(reference_data):
    user = FocalPointFactory(username="amina", first_name="Amina", member_state=state("KEN"))
    PledgeFactory(member_state=state("KEN"), title="Child helpline")
    return user


def switch_language(page, code: str) -> None:
    page.locator("#language-select").select_option(code)
    page.locator("#language-select").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def sign_in_any_language(page, username: str) -> None:
    # The button's name is translated: find the sign-in form by its fields, not its words.
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.locator("#id_password").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_an_arabic_page_is_right_to_left_with_the_menu_on_the_right(amina, sign_in, page_check):
    page = sign_in("amina")
    switch_language(page, "ar")
    page.goto("/pledges/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert "كينيا" in page.locator("main").inner_text()
    # The first menu item starts at the right-hand edge, as Arabic reads.
    page.set_viewport_size({"width": 1366, "height": 900})
    first = page.locator("nav .nav li").first.bounding_box()
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > 1366 / 2
    assert first["x"] > page.locator("nav .nav li").last.bounding_box()["x"]
    page_check(page, "languages-pledges-ar")


def test_the_switcher_keeps_the_language_on_the_account(amina, sign_in, browser_page):
    page = sign_in("amina")
    switch_language(page, "ru")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert User.objects.get(username="amina").language == "ru"
    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # A fresh browser, no cookie: the account alone says Russian.
    page.context.clear_cookies()
    sign_in_any_language(page, "amina")
    page.goto("/pledges/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Кения" in page.locator("main").inner_text()

"""Which language a page speaks: the account's, else the cookie, else Accept-Language (API: the header)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation

from engagement.management.commands.write_term_names import MODULE_PATH, term_names_source
from engagement.models import Term
from tests.factories import FocalPointFactory, state

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    head = response.content.decode()[:400]
    return head.split('<html lang="', 1)[1].split('"', 1)[0]


def test_the_six_un_languages_are_each_named_in_itself():
    assert settings.LANGUAGES == [
        ("en", "English"),
        ("fr", "Français"),
        ("es", "Español"),
        ("ar", "العربية"),
        ("zh-hans", "中文"),
        ("ru", "Русский"),
    ]


@pytest.mark.django_db
def test_the_sign_in_page_follows_accept_language_without_a_cookie():
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")
    assert html_lang(response) == "ru"
    assert response["Content-Language"] == "ru"


@pytest.mark.django_db
def test_the_cookie_beats_accept_language():
    client = Client()
    client.cookies[COOKIE] = "es"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru")
    assert html_lang(response) == "es"


@pytest.mark.django_db
def test_a_signed_in_account_beats_the_cookie_and_the_header(focal_ken, web):
    focal_ken.language = "zh-hans"
    focal_ken.save(update_fields=["language"])
    client = web(focal_ken)
    client.cookies[COOKIE] = "es"
    response = client.get("/pledges/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert html_lang(response) == "zh-hans"


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left_and_others_left_to_right():
    client = Client()
    assert 'dir="rtl"' in Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()[:400]
    assert 'dir="ltr"' in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()[:400]


@pytest.mark.django_db
def test_the_switcher_lists_each_language_in_itself(focal_ken, web):
    page = web(focal_ken).get("/pledges/").content.decode()
    for code, name in settings.LANGUAGES:
        assert f'value="{code}" lang="{code}"' in page
        assert name in page


@pytest.mark.django_db
def test_the_switcher_saves_the_language_on_the_account_and_in_the_cookie(focal_ken, web):
    client = web(focal_ken)
    response = client.post("/language/", {"language": "ru", "next": "/pledges/"})
    assert response.status_code == 302
    assert response["Location"] == "/pledges/"
    assert response.cookies[COOKIE].value == "ru"
    focal_ken.refresh_from_db()
    assert focal_ken.language == "ru"
    # A new browser (no cookie) signed in as the same account still reads Russian.
    assert html_lang(web(focal_ken).get("/pledges/")) == "ru"


@pytest.mark.django_db
def test_the_switcher_refuses_an_unknown_language_and_changes_nothing(focal_ken, web):
    response = web(focal_ken).post("/language/", {"language": "xx", "next": "/pledges/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    focal_ken.refresh_from_db()
    assert focal_ken.language == "en"


@pytest.mark.django_db
def test_anonymous_switching_sets_only_the_cookie():
    response = Client().post("/language/", {"language": "ar", "next": "/accounts/login/"})
    assert response.cookies[COOKIE].value == "ar"


@pytest.mark.django_db
def test_the_switcher_only_takes_a_post(focal_ken, web):
    assert web(focal_ken).get("/language/?language=ru").status_code == 405
    focal_ken.refresh_from_db()
    assert focal_ken.language == "en"


@pytest.mark.django_db
def test_the_api_follows_accept_language_not_the_account_nor_the_cookie(focal_ken, api):
    focal_ken.language = "ru"
    focal_ken.save(update_fields=["language"])
    client = api(focal_ken)
    client.cookies[COOKIE] = "es"
    spanish_header = client.get("/api/v1/member-states/KEN/", HTTP_ACCEPT_LANGUAGE="fr")
    assert spanish_header["Content-Language"] == "fr"
    no_header = client.get("/api/v1/member-states/KEN/")
    assert no_header["Content-Language"] == "en"
    assert no_header.json()["name"] == "Kenya"


@pytest.mark.django_db
def test_the_apis_error_messages_follow_accept_language(focal_ken, api):
    response = api().get("/api/v1/member-states/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    english = "Authentication credentials were not provided."  # DRF's own message, in its catalogue
    with translation.override("fr"):
        expected = translation.gettext(english)
    assert expected != english
    assert response.json()["detail"] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "9 June 2025"),
        ("fr", "9 juin 2025"),
        ("es", "9 de junio de 2025"),
        ("ru", "9 июня 2025 г."),  # noqa: RUF001 (the Cyrillic abbreviation of the word for year)
        ("ar", "9 يونيو 2025"),
        ("zh-hans", "2025年6月9日"),
    ],
)
def test_dates_name_the_month_in_every_language(language, expected):
    with translation.override(language):
        assert formats.date_format(dt.date(2025, 6, 9), "DATE_FORMAT") == expected


def test_the_term_names_module_matches_the_reference_csv():
    # Regenerate with `python manage.py write_term_names` when vocabularies.csv changes.
    assert MODULE_PATH.read_text(encoding="utf-8") == term_names_source()


@pytest.mark.django_db
def test_a_term_reads_in_the_active_language(reference_data):
    term = Term.objects.get(vocabulary="strategic_objective", code="prevention")
    with translation.override("en"):
        assert term.label == term.name == "Prevention"
    with translation.override("fr"):
        assert term.label == translation.gettext(term.name)
        assert str(term) == term.label


@pytest.mark.django_db
def test_the_language_of_an_account_must_be_one_of_the_six(reference_data):
    from django.core.exceptions import ValidationError

    from engagement.services import user_update

    user = FocalPointFactory(username="amina", member_state=state("KEN"))
    user_update(user=user, data={"language": "ar"})
    user.refresh_from_db()
    assert user.language == "ar"
    with pytest.raises(ValidationError):
        user_update(user=user, data={"language": "de"})
    user.refresh_from_db()
    assert user.language == "ar"

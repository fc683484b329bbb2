"""Member State and region names in the reader's language (CLDR through Babel), sorted by collation."""

from __future__ import annotations

import csv

import pytest
from django.test import Client
from django.utils import translation

from engagement.management.commands.write_term_names import REFERENCE
from engagement.models import MemberState, Region
from engagement.names import alpha2, region_name, sorted_by_name, state_name
from tests.factories import PledgeFactory, state

KENYA = {"en": "Kenya", "fr": "Kenya", "es": "Kenia", "ru": "Кения", "ar": "كينيا", "zh-hans": "肯尼亚"}


def reference_rows() -> list[dict]:
    with (REFERENCE / "member_states.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_cldr_gives_every_reference_state_an_alpha2_code_and_a_name_in_each_language():
    for row in reference_rows():
        code = alpha2(row["iso3"])
        assert code, row["iso3"]
        stand_in = MemberState(iso3=row["iso3"], name=row["name"])
        for language in ("fr", "es", "ru", "ar", "zh-hans"):
            assert state_name(stand_in, language), (row["iso3"], language)


@pytest.mark.parametrize(("language", "expected"), KENYA.items())
def test_kenya_in_each_language(language, expected):
    assert state_name(MemberState(iso3="KEN", name="Kenya"), language) == expected


def test_the_active_language_is_the_default():
    with translation.override("ru"):
        assert state_name(MemberState(iso3="KEN", name="Kenya")) == "Кения"


def test_regions_and_subregions_come_by_m49_code():
    assert region_name(Region(m49="002", name="Africa"), "es") == "África"
    assert region_name(Region(m49="142", name="Asia"), "ru") == "Азия"
    assert region_name(Region(m49="150", name="Europe"), "zh-hans") == "欧洲"
    assert region_name(Region(m49="014", name="Eastern Africa"), "fr") == "Afrique orientale"
    assert region_name(Region(m49="019", name="Americas"), "en") == "Americas"


def test_english_keeps_the_un_reference_name():
    united_kingdom = MemberState(iso3="GBR", name="United Kingdom of Great Britain and Northern Ireland")
    assert state_name(united_kingdom, "en") == united_kingdom.name
    assert state_name(united_kingdom, "es") == "Reino Unido"


def test_names_sort_by_unicode_collation_not_code_points():
    names = ["Zambie", "Égypte", "Allemagne", "Éthiopie", "Espagne"]
    assert sorted_by_name(names, name=str) == ["Allemagne", "Égypte", "Espagne", "Éthiopie", "Zambie"]


@pytest.mark.parametrize(("language", "expected"), [(k, v) for k, v in KENYA.items() if k != "en"])
def test_the_state_page_shows_the_local_name(language, expected, staff, web):
    staff.language = language
    staff.save(update_fields=["language"])
    page = web(staff).get("/states/KEN/").content.decode()
    assert f"<h1>{expected}" in page


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "Kenia"), ("ru", "Кения"), ("ar", "كينيا"), ("zh-hans", "肯尼亚")]
)
def test_the_api_name_follows_accept_language(language, expected, focal_ken, api):
    body = api(focal_ken).get("/api/v1/member-states/KEN/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["name"] == expected
    assert body["region"] == region_name(state("KEN").region, language)


@pytest.mark.django_db
def test_the_state_select_is_labelled_and_sorted_in_the_readers_language(staff, web):
    staff.language = "es"
    staff.save(update_fields=["language"])
    page = web(staff).get("/pledges/new/").content.decode()
    assert '<option value="KEN">Kenia</option>' in page
    # Spanish order, by collation: "Egipto" (EGY) before "El Salvador" before "Emiratos Árabes Unidos" (ARE).
    assert page.index('value="EGY"') < page.index('value="SLV"') < page.index('value="ARE"')


@pytest.mark.django_db
def test_the_pledge_csv_labels_the_state_in_the_readers_language(staff, web):
    PledgeFactory(member_state=state("KEN"))
    staff.language = "ru"
    staff.save(update_fields=["language"])
    response = web(staff).get("/pledges/?_export=csv")
    assert response.status_code == 200
    assert "Кения" in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_anonymous_spanish_reader_sees_kenia_on_the_public_pages(reference_data):
    PledgeFactory(member_state=state("KEN"), visibility="public")
    page = Client().get("/public/pledges/", HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200
    assert "Kenia" in page.content.decode()

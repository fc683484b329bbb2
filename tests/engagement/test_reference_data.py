"""The shipped reference data: every State, in a region, loaded idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import F

from engagement.models import MemberState, Organization, Region, Term

pytestmark = pytest.mark.django_db


def test_there_are_193_members_and_2_observers(reference_data):
    assert MemberState.objects.filter(is_un_member=True).count() == 193
    assert set(MemberState.objects.filter(is_un_member=False).values_list("iso3", flat=True)) == {
        "VAT",
        "PSE",
    }


def test_every_state_is_in_a_region_and_a_subregion(reference_data):
    assert not MemberState.objects.filter(region__parent__isnull=False).exists()
    assert not MemberState.objects.exclude(subregion__parent=F("region")).exists()
    assert Region.objects.filter(parent__isnull=True).count() == 5


def test_regional_organizations_have_their_members(reference_data):
    assert Organization.objects.get(acronym="EU").member_states.count() == 27
    assert Organization.objects.get(acronym="ASEAN").member_states.filter(iso3="THA").exists()


def test_vocabularies_include_the_sdg_targets(reference_data):
    codes = set(Term.objects.filter(vocabulary="sdg_target").values_list("code", flat=True))
    assert codes == {"4.7", "4.a", "5.2", "5.3", "8.7", "11.7", "16.2"}


def test_loading_twice_changes_nothing(reference_data, capsys):
    before = {model: model.objects.count() for model in (MemberState, Organization, Region, Term)}
    call_command("load_reference_data")
    assert "already up to date" in capsys.readouterr().out
    assert {model: model.objects.count() for model in before} == before

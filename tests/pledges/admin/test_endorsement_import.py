"""Importing Call-to-Action endorsements in the admin: one per State, all rows or none."""

from __future__ import annotations

import datetime as dt

import pytest

from pledges.models import CtaEndorsement
from tests.factories import EndorsementFactory, state
from tests.pledges.admin.imports import confirm, csv_upload, invalid_fields, preview, reimport_export

pytestmark = pytest.mark.django_db

HEADER = ["member_state", "endorsed_on", "signatory_level", "signatory"]


def test_endorsements_import_by_iso3_code(admin_client, reference_data):
    rows = [
        ["COL", "2024-11-08", "ministerial", "Minister of Foreign Affairs"],
        ["SWE", "2024-11-08", "ministerial", ""],
    ]
    confirm(admin_client, "ctaendorsement", preview(admin_client, "ctaendorsement", csv_upload(HEADER, rows)))
    assert set(CtaEndorsement.objects.values_list("member_state__iso3", flat=True)) == {"COL", "SWE"}


def test_a_state_twice_in_the_file_is_refused_and_nothing_is_written(admin_client, reference_data):
    rows = [
        ["COL", "2024-11-08", "ministerial", ""],
        ["SWE", "2024-11-08", "ministerial", ""],
        ["COL", "2024-11-09", "head_of_state", ""],
    ]
    response = preview(admin_client, "ctaendorsement", csv_upload(HEADER, rows))
    assert invalid_fields(response) == {3: {"member_state"}}
    assert "COL appears on more than one row" in response.content.decode()
    assert "confirm_form" not in response.context
    assert CtaEndorsement.objects.count() == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [("member_state", "XXX"), ("endorsed_on", "2024-13-01"), ("signatory_level", "emperor")],
)
def test_a_bad_value_is_reported_on_its_row_and_field(admin_client, reference_data, column, value):
    row = {"member_state": "COL", "endorsed_on": "2024-11-08", "signatory_level": "ministerial"} | {
        column: value
    }
    response = preview(admin_client, "ctaendorsement", csv_upload(list(row), [list(row.values())]))
    assert invalid_fields(response) == {1: {column}}
    assert CtaEndorsement.objects.count() == 0


def test_a_state_already_endorsed_is_updated_not_duplicated(admin_client, reference_data):
    EndorsementFactory(member_state=state("KEN"), signatory_level="senior_official")
    rows = [["KEN", "2024-11-08", "ministerial", "Cabinet Secretary"]]
    confirm(admin_client, "ctaendorsement", preview(admin_client, "ctaendorsement", csv_upload(HEADER, rows)))
    endorsement = CtaEndorsement.objects.get()
    assert (endorsement.signatory_level, endorsement.endorsed_on) == ("ministerial", dt.date(2024, 11, 8))


def test_reimporting_the_export_changes_nothing(admin_client, reference_data):
    EndorsementFactory(member_state=state("KEN"), signatory="Cabinet Secretary")
    EndorsementFactory(member_state=state("FJI"))
    history_before = CtaEndorsement.history.count()
    totals = reimport_export(admin_client, "ctaendorsement", "CtaEndorsementResource")

    assert (totals["skip"], totals["new"], totals["update"]) == (2, 0, 0)
    assert CtaEndorsement.objects.count() == 2
    assert CtaEndorsement.history.count() == history_before

"""Importing pledges from CSV or XLSX in the admin: a preview first, then all rows or none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pledges.models import Pledge
from tests.factories import PledgeFactory, state
from tests.pledges.admin.imports import (
    XLSX_FORMAT,
    confirm,
    csv_upload,
    invalid_fields,
    preview,
    reimport_export,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

HEADER = ["member_state", "origin", "made_on", "title", "area", "sdg_targets", "status", "progress"]
GOOD_ROWS = [
    ["KEN", "bogota_2024", "2024-11-08", "Costed national action plan", "policy_and_plans", "16.2;5.2",
     "in_progress", "20"],
    ["FJI", "bogota_2024", "2024-11-08", "Ban corporal punishment", "legislation", "16.2", "planned", "0"],
]  # fmt: skip


def test_a_good_csv_is_previewed_without_writing_anything(admin_client, reference_data):
    response = preview(admin_client, "pledge", csv_upload(HEADER, GOOD_ROWS))
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert result.totals["new"] == 2
    assert "confirm_form" in response.context
    assert Pledge.objects.count() == 0


def test_the_preview_shows_what_each_row_lacks_to_be_smart(admin_client, reference_data):
    response = preview(admin_client, "pledge", csv_upload(HEADER, GOOD_ROWS))
    rows = response.context["result"].valid_rows()
    gaps = [row.diff[-1] for row in rows]  # smart_gaps is the last column
    assert all("no_indicator" in cell and "no_sdg_target" not in cell for cell in gaps)


def test_confirming_a_good_csv_writes_its_rows(admin_client, reference_data):
    response = confirm(admin_client, "pledge", preview(admin_client, "pledge", csv_upload(HEADER, GOOD_ROWS)))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:pledges_pledge_changelist")
    pledge = Pledge.objects.get(title="Costed national action plan")
    assert pledge.member_state == state("KEN")
    assert sorted(pledge.sdg_targets.values_list("code", flat=True)) == ["16.2", "5.2"]
    assert (pledge.status, pledge.progress, pledge.made_on) == ("in_progress", 20, dt.date(2024, 11, 8))
    assert Pledge.objects.count() == 2


def test_an_imported_pledge_enters_the_report_cycle(admin_client, reference_data):
    confirm(admin_client, "pledge", preview(admin_client, "pledge", csv_upload(HEADER, GOOD_ROWS[:1])))
    pledge = Pledge.objects.get()
    assert pledge.next_report_due == pledge.made_on + dt.timedelta(days=pledge.reporting_interval_days)


BAD_ROWS = [
    GOOD_ROWS[0],
    GOOD_ROWS[1],
    ["XXX", "bogota_2024", "2024-11-08", "Unknown State", "legislation", "16.2", "planned", "0"],
    ["KEN", "bogota_2024", "8 Nov 2024", "Bad date", "legislation", "16.2", "planned", "0"],
    ["KEN", "bogota_2024", "2024-11-08", "Bad status", "legislation", "16.2", "finished", "0"],
]


def test_a_csv_with_bad_rows_names_each_row_and_field_and_writes_nothing(admin_client, reference_data):
    response = preview(admin_client, "pledge", csv_upload(HEADER, BAD_ROWS))
    assert invalid_fields(response) == {3: {"member_state"}, 4: {"made_on"}, 5: {"status"}}
    assert "confirm_form" not in response.context
    content = response.content.decode()
    assert "Unknown ISO3 code “XXX”." in content
    assert "Enter a date as YYYY-MM-DD, not “8 Nov 2024”." in content
    assert "Value &#x27;finished&#x27; is not a valid choice." in content
    assert Pledge.objects.count() == 0


def test_an_xlsx_with_bad_rows_is_refused_the_same_way(admin_client, reference_data):
    response = preview(admin_client, "pledge", xlsx_upload(HEADER, BAD_ROWS), XLSX_FORMAT)
    assert invalid_fields(response) == {3: {"member_state"}, 4: {"made_on"}, 5: {"status"}}
    assert "confirm_form" not in response.context
    assert Pledge.objects.count() == 0


def test_a_good_xlsx_with_date_and_number_cells_imports(admin_client, reference_data):
    # openpyxl reads a date cell back as a naive datetime, as any spreadsheet gives it.
    rows = [
        [
            "KEN",
            "bogota_2024",
            dt.date(2024, 11, 8),
            "Data on violence",
            "data_and_evidence",
            "16.2",
            "in_progress",
            35,
        ]
    ]
    response = preview(admin_client, "pledge", xlsx_upload(HEADER, rows), XLSX_FORMAT)
    confirm(admin_client, "pledge", response)
    pledge = Pledge.objects.get()
    assert (pledge.made_on, pledge.progress) == (dt.date(2024, 11, 8), 35)


BAD_VALUES = [
    # column, value, field in error
    ("origin", "moon_landing", "origin"),
    ("area", "dance", "area"),
    ("visibility", "secret", "visibility"),
    ("progress", "101", "progress"),
    ("progress", "-1", "progress"),
    ("progress", "lots", "progress"),
    ("sdg_targets", "16.2;99.9", "sdg_targets"),
    ("target_date", "2027-02-30", "target_date"),
    ("m49", "250", "m49"),
    ("budget_committed", "maybe", "budget_committed"),
    ("budget_amount", "a lot", "budget_amount"),
    ("budget_currency", "usd", "budget_currency"),
    ("reporting_interval_days", "1", "reporting_interval_days"),
    ("id", "999999", "id"),
]


@pytest.mark.parametrize(("column", "value", "field"), BAD_VALUES)
def test_a_bad_value_is_reported_on_its_row_and_field(admin_client, reference_data, column, value, field):
    row = dict(zip(HEADER, GOOD_ROWS[0], strict=True)) | {column: value}
    response = preview(admin_client, "pledge", csv_upload(list(row), [list(row.values())]))
    assert invalid_fields(response) == {1: {field}}
    assert Pledge.objects.count() == 0


def test_an_achieved_pledge_below_100_is_a_row_error(admin_client, reference_data):
    row = [*GOOD_ROWS[0][:-2], "achieved", "90"]
    response = preview(admin_client, "pledge", csv_upload(HEADER, [row]))
    assert invalid_fields(response) == {1: {"__all__"}}
    assert "An achieved pledge has progress 100." in response.content.decode()
    assert Pledge.objects.count() == 0


def test_a_row_with_an_id_updates_that_pledge(admin_client, reference_data):
    pledge = PledgeFactory(title="Old title", progress=20)
    row = [
        pledge.pk,
        "KEN",
        "bogota_2024",
        "2024-11-08",
        "New title",
        "policy_and_plans",
        "16.2",
        "in_progress",
    ]
    rows = [[*row, "60"]]
    confirm(admin_client, "pledge", preview(admin_client, "pledge", csv_upload(["id", *HEADER], rows)))
    pledge.refresh_from_db()
    assert (pledge.title, pledge.progress, Pledge.objects.count()) == ("New title", 60, 1)


def test_reimporting_the_export_changes_nothing(admin_client, reference_data):
    PledgeFactory(sdg_targets=["16.2", "5.2"], budget_committed=True, budget_amount="250000.00",
                  budget_currency="USD", indicator="Share of children reached", target_date=None)  # fmt: skip
    PledgeFactory(member_state=state("FJI"), visibility="internal", sdg_targets=["16.2"])
    PledgeFactory(member_state=state("AFG"), description="")
    history_before = Pledge.history.count()
    totals = reimport_export(admin_client, "pledge", "PledgeResource")

    assert (totals["skip"], totals["new"], totals["update"]) == (3, 0, 0)
    assert Pledge.objects.count() == 3
    assert Pledge.history.count() == history_before


def test_an_imported_pledge_is_recorded_in_its_history_as_the_importer(
    admin_client, admin_user, reference_data
):
    confirm(admin_client, "pledge", preview(admin_client, "pledge", csv_upload(HEADER, GOOD_ROWS[:1])))
    history = Pledge.objects.get().history.all()
    assert history.earliest().history_type == "+"
    assert {record.history_user for record in history} == {admin_user}


def test_a_file_that_no_longer_validates_at_confirmation_writes_nothing(admin_client, reference_data):
    pledge = PledgeFactory(title="Recorded in error")
    rows = [[pledge.pk, *GOOD_ROWS[0]], ["", *GOOD_ROWS[1]]]
    previewed = preview(admin_client, "pledge", csv_upload(["id", *HEADER], rows))
    Pledge.objects.filter(pk=pledge.pk).delete()  # someone deletes it between preview and confirmation

    response = confirm(admin_client, "pledge", previewed)

    assert response["Location"] == reverse("admin:pledges_pledge_import")
    assert Pledge.objects.count() == 0
    followed = admin_client.get(response["Location"])
    assert "Nothing was imported" in followed.content.decode()


def test_the_public_feed_csv_reimports_unchanged(admin_client, reference_data, api):
    PledgeFactory(sdg_targets=["16.2", "5.2"], target_date=None)
    PledgeFactory(member_state=state("FJI"), sdg_targets=["16.2"])
    PledgeFactory(member_state=state("BRA"), last_reported_at=dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC))
    # Defused in the file, restored by the importer: the formula, one already prefixed, an apostrophe.
    PledgeFactory(member_state=state("KEN"), title='=HYPERLINK("http://example.org","Plan")')
    PledgeFactory(member_state=state("KEN"), title="'=already quoted")
    PledgeFactory(member_state=state("KEN"), title="'Tis the national plan")
    history_before = Pledge.history.count()
    feed = api().get("/api/v1/public/pledges/", {"format": "csv"})
    assert feed.status_code == 200
    exported = b"".join(feed.streaming_content) if feed.streaming else feed.content
    assert b"'=HYPERLINK(" in exported

    response = preview(
        admin_client, "pledge", SimpleUploadedFile("public.csv", exported, content_type="text/csv")
    )

    assert response.context["result"].totals["skip"] == 6
    confirm(admin_client, "pledge", response)
    assert Pledge.history.count() == history_before

"""The open data (/public/data/): four datasets of public records as CSV, XLSX and JSON, a data
dictionary from the serializers that write them, the licence, the update time, and caching."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from engagement.roles import PUBLIC
from pledges.api.serializers import OpenDataPledgeSerializer
from pledges.choices import Milestone, SignatoryLevel, Verdict, Visibility
from pledges.models import AllianceMilestone, CtaEndorsement, Pledge, ProgressReport
from pledges.opendata import DATASETS, TYPE_LABELS, data_dictionary
from pledges.services import membership_milestone_tick, report_narrative_publish, report_verify
from tests.factories import (
    EndorsementFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    state,
)
from tests.pledges.admin.imports import CSV_FORMAT, XLSX_FORMAT, confirm, preview

pytestmark = pytest.mark.django_db

PAGE = "/public/data/"
SLUGS = ("pledges", "reports", "endorsements", "alliance")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMULA = '=HYPERLINK("http://example.org","Plan")'
# Never in any download: internal records, names of people, notes, unpublished words.
SECRETS = (
    "Internal draft pledge",
    "Internal narrative",
    "Hidden narrative",
    "https://example.org/hidden.pdf",
    "Withdrawn narrative",
    "Jane Minister",
    "Secret Focal Point",
    "Secret membership notes",
    "alice",
)


@pytest.fixture
def records(reference_data, staff):
    """Public pledges (one with a formula for a title), an internal one with reports, reports whose
    narrative is public, not public, or made public then hidden again, endorsements, memberships."""
    kenya = PledgeFactory(member_state=state("KEN"), title="Kenya costed plan", sdg_targets=["16.2", "5.2"])
    turkey = PledgeFactory(member_state=state("TUR"), title="Türkiye helpline", status="planned", progress=0)
    formula = PledgeFactory(member_state=state("FJI"), title=FORMULA, target_date=None)
    error_code = PledgeFactory(member_state=state("BRA"), title="#N/A")
    internal = PledgeFactory(
        member_state=state("KEN"), title="Internal draft pledge", visibility=Visibility.INTERNAL
    )
    ProgressReportFactory(pledge=internal, author=staff, narrative="Internal narrative")
    ProgressReportFactory(pledge=internal, author=staff, narrative="Internal narrative", progress=60)
    shown = ProgressReportFactory(
        pledge=kenya, author=staff, narrative="Shown narrative", evidence_url="https://example.org/shown.pdf"
    )
    report_narrative_publish(report=shown, by=staff, public=True)
    report_verify(report=shown, by=staff, verdict=Verdict.VERIFIED)
    ProgressReportFactory(
        pledge=kenya,
        author=staff,
        narrative="Hidden narrative",
        evidence_url="https://example.org/hidden.pdf",
        progress=60,
    )
    withdrawn = ProgressReportFactory(pledge=turkey, author=staff, narrative="Withdrawn narrative")
    report_narrative_publish(report=withdrawn, by=staff, public=True)
    report_narrative_publish(report=withdrawn, by=staff, public=False)
    EndorsementFactory(member_state=state("KEN"), signatory="Jane Minister")
    EndorsementFactory(
        member_state=state("TUR"),
        endorsed_on=dt.date(2024, 12, 1),
        signatory_level=SignatoryLevel.HEAD_OF_STATE,
    )
    membership = MembershipFactory(
        member_state=state("KEN"), focal_point="Secret Focal Point", notes="Secret membership notes"
    )
    membership_milestone_tick(
        membership=membership, code=Milestone.FOCAL_POINT_APPOINTED, done_on=dt.date(2025, 1, 15), by=staff
    )
    MembershipFactory(member_state=state("FJI"), joined_on=dt.date(2025, 1, 31))
    return {
        "kenya": kenya,
        "formula": formula,
        "error_code": error_code,
        "internal": internal,
        "shown": shown,
    }


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, slug: str, file_format: str, **headers):
    response = client.get(f"{PAGE}{slug}.{file_format}", **headers)
    assert response.status_code == 200, (slug, file_format, response.status_code)
    return response, body(response)


def csv_table(data: bytes) -> tuple[list[str], list[dict]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames), rows


def xlsx_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def xlsx_table(data: bytes) -> tuple[list[str], list[dict]]:
    values = list(xlsx_sheet(data).values)
    header = list(values[0])
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


def tables(client, slug: str, **headers) -> dict[str, tuple[list[str], list[dict]]]:
    """Each format's (columns, rows) of one dataset."""
    document = json.loads(download(client, slug, "json", **headers)[1])
    return {
        "csv": csv_table(download(client, slug, "csv", **headers)[1]),
        "xlsx": xlsx_table(download(client, slug, "xlsx", **headers)[1]),
        "json": ([field["name"] for field in document["fields"]], document["rows"]),
    }


# --- Downloads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", CONTENT_TYPES)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_dataset_downloads_in_every_format_with_its_type_name_and_licence(
    client, records, slug, file_format
):
    with time_machine.travel(dt.datetime(2025, 6, 9, 12, tzinfo=dt.UTC), tick=False):
        response, _data = download(client, slug, file_format)
    assert response["Content-Type"] == CONTENT_TYPES[file_format]
    expected = f'attachment; filename="open-data-{slug}-20250609.{file_format}"'
    assert response["Content-Disposition"] == expected
    assert response["Link"] == f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'


@pytest.mark.parametrize("slug", SLUGS)
def test_csv_starts_with_a_bom_and_writes_a_label_beside_every_code(client, records, slug):
    data = download(client, slug, "csv")[1]
    assert data.startswith("\ufeff".encode())
    header, rows = csv_table(data)
    serializer = DATASETS[slug].serializer(timezone.localdate())
    codes = [field["name"] for field in data_dictionary(serializer) if field["type"] == "code"]
    assert codes
    for code in codes:
        assert header[header.index(code) + 1] == f"{code}_label"
        choices = serializer.fields[code].choices
        assert {row[f"{code}_label"] for row in rows} == {str(choices[row[code]]) for row in rows}


def test_labels_are_in_the_language_of_the_request(client, records):
    for language, in_progress in (("en", "In progress"), ("fr", "En cours"), ("es", "En curso")):
        for file_format in CONTENT_TYPES:
            rows = tables(client, "pledges", HTTP_ACCEPT_LANGUAGE=language)[file_format][1]
            assert ("in_progress", in_progress) in {(row["status"], row["status_label"]) for row in rows}
    document = json.loads(download(client, "pledges", "json", HTTP_ACCEPT_LANGUAGE="fr")[1])
    assert document["language"] == "fr"
    status = next(field for field in document["fields"] if field["name"] == "status")
    assert {"code": "in_progress", "label": "En cours"} in status["values"]


def test_the_pledges_csv_is_the_public_feeds_csv(client, api, records):
    """The same machinery, the same columns, the same bytes: `public/pledges/?format=csv`."""
    feed = body(api().get("/api/v1/public/pledges/", {"format": "csv"}))
    assert download(client, "pledges", "csv")[1] == feed
    header = csv_table(feed)[0]
    assert header == list(OpenDataPledgeSerializer(context={"today": timezone.localdate()}).fields)


def test_names_are_utf8_in_every_format(client, records):
    for file_format, (_header, rows) in tables(client, "pledges").items():
        assert "Türkiye" in {row["member_state_name"] for row in rows}, file_format


# --- Only what is public ------------------------------------------------------------------------


def test_an_internal_pledge_and_its_reports_are_in_no_dataset(client, records, staff):
    public_pledges = Pledge.objects.visible_to(PUBLIC).count()
    public_reports = ProgressReport.objects.visible_to(PUBLIC).count()
    # The staff totals include the internal pledge and its two reports.
    assert Pledge.objects.visible_to(staff).count() == public_pledges + 1
    assert ProgressReport.objects.visible_to(staff).count() == public_reports + 2
    internal = records["internal"]
    for file_format, (_header, rows) in tables(client, "pledges").items():
        assert len(rows) == public_pledges, file_format
        assert internal.pk not in {int(row["id"]) for row in rows}
    for file_format, (_header, rows) in tables(client, "reports").items():
        assert len(rows) == public_reports, file_format
        assert internal.pk not in {int(row["pledge"]) for row in rows}


@pytest.mark.parametrize("file_format", CONTENT_TYPES)
@pytest.mark.parametrize("slug", SLUGS)
def test_no_download_holds_an_internal_record_a_name_a_note_or_an_unpublished_narrative(
    client, records, slug, file_format
):
    data = download(client, slug, file_format)[1]
    text = data.decode("utf-8-sig") if file_format != "xlsx" else repr(list(xlsx_sheet(data).values))
    assert not [secret for secret in SECRETS if secret in text]
    header = tables(client, slug)[file_format][0]
    assert not {"signatory", "focal_point", "notes", "author", "visibility", "responsible_staff"} & set(
        header
    )


def test_a_narrative_and_its_evidence_link_are_public_only_where_the_office_made_them_public(client, records):
    for file_format, (_header, rows) in tables(client, "reports").items():
        by_narrative = {row["narrative"] or "": row for row in rows}
        shown = by_narrative["Shown narrative"]
        assert shown["evidence_url"] == "https://example.org/shown.pdf", file_format
        assert int(shown["id"]) == records["shown"].pk
        assert (shown["verification"], shown["verification_label"]) == ("verified", "Verified")
        hidden = [row for row in rows if row is not shown]
        assert len(hidden) == 2
        assert all(not row["narrative"] and not row["evidence_url"] for row in hidden), file_format


def test_alliance_members_carry_each_milestone_due_and_done(client, records):
    rows = json.loads(download(client, "alliance", "json")[1])["rows"]
    kenya = next(row for row in rows if row["member_state"] == "KEN")
    assert kenya["focal_point_appointed_done_on"] == "2025-01-15"
    for code in Milestone:
        assert kenya[f"{code}_due"] == "2026-05-08"  # 18 months after joining on 8 November 2024
    assert kenya["children_consulted_done_on"] is None
    fiji = next(row for row in rows if row["member_state"] == "FJI")
    assert fiji["focal_point_appointed_due"] == "2026-07-31"  # 31 July: 31 January + 18 months


# --- Formulas -------------------------------------------------------------------------------------


def test_a_formula_is_defused_in_csv_and_a_text_cell_in_xlsx_and_kept_as_written_in_json(client, records):
    pk = records["formula"].pk
    rows = csv_table(download(client, "pledges", "csv")[1])[1]
    assert next(row for row in rows if int(row["id"]) == pk)["title"] == "'" + FORMULA

    sheet = xlsx_sheet(download(client, "pledges", "xlsx")[1])
    header = [cell.value for cell in sheet[1]]
    title = header.index("title") + 1
    cells = {row[0].value: row[title - 1] for row in sheet.iter_rows(min_row=2)}
    assert (cells[pk].value, cells[pk].data_type) == ("'" + FORMULA, "s")
    # "#N/A" would otherwise be an error cell.
    assert (cells[records["error_code"].pk].value, cells[records["error_code"].pk].data_type) == ("#N/A", "s")
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]

    document = json.loads(download(client, "pledges", "json")[1])
    assert next(row for row in document["rows"] if row["id"] == pk)["title"] == FORMULA


@pytest.mark.parametrize(("file_format", "upload_format"), [("csv", CSV_FORMAT), ("xlsx", XLSX_FORMAT)])
def test_the_pledges_download_reimports_unchanged_through_the_admin(
    admin_client, client, records, file_format, upload_format
):
    """The importer restores what the download defused (pledges/resources.py `restored_formulas`)."""
    history_before = Pledge.history.count()
    data = download(client, "pledges", file_format)[1]
    upload = SimpleUploadedFile(f"open-data.{file_format}", data, content_type="application/octet-stream")

    response = preview(admin_client, "pledge", upload, upload_format)

    assert response.context["result"].totals["skip"] == Pledge.objects.visible_to(PUBLIC).count()
    confirm(admin_client, "pledge", response)
    assert Pledge.history.count() == history_before
    assert Pledge.objects.get(pk=records["formula"].pk).title == FORMULA


# --- The dictionary -------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_the_dictionary_lists_every_column_of_every_download(client, records, slug):
    page = client.get(PAGE).content.decode()
    section = page.split(f'id="dataset-{slug}"')[1].split("</section>")[0]
    on_page = re.findall(r'data-column="([^"]+)"', section)
    document = json.loads(download(client, slug, "json")[1])
    assert on_page == [field["name"] for field in document["fields"]]
    for file_format, (header, rows) in tables(client, slug).items():
        assert header == on_page, file_format
        assert rows, file_format
        assert all(list(row) == on_page for row in rows), file_format


@pytest.mark.parametrize("slug", SLUGS)
def test_every_column_has_a_type_a_meaning_and_its_allowed_values(records, slug):
    for field in data_dictionary(DATASETS[slug].serializer(timezone.localdate())):
        assert field["type"] in TYPE_LABELS, field
        assert field["meaning"], field
        assert bool(field["values"]) == (field["type"] in ("code", "codes")), field


def test_the_dictionary_types_are_the_values_written(client, records):
    """Each JSON value is of the type the dictionary gives its column."""
    python_types = {
        "integer": int,
        "boolean": bool,
        "date": str,
        "datetime": str,
        "code": str,
        "codes": list,
        "label": str,
        "text": str,
    }
    for slug in SLUGS:
        document = json.loads(download(client, slug, "json")[1])
        for field in document["fields"]:
            values = [row[field["name"]] for row in document["rows"]]
            assert all(
                isinstance(value, python_types[field["type"]]) for value in values if value is not None
            )
            if field["type"] in ("code", "codes"):
                allowed = {value["code"] for value in field["values"]}
                written = {
                    code for value in values for code in (value if isinstance(value, list) else [value])
                }
                assert written <= allowed, (slug, field["name"])


@pytest.mark.parametrize("slug", SLUGS)
def test_json_rows_are_the_serializers_representation_of_the_rows(client, records, slug):
    """The streamed cells are what the dataset's serializer writes for each row."""
    dataset = DATASETS[slug]
    expected = json.loads(json.dumps(dataset.serializer_class(
        dataset.rows(), many=True, context={"today": timezone.localdate()}
    ).data))  # fmt: skip
    assert json.loads(download(client, slug, "json")[1])["rows"] == expected


# --- The page, the licence and the update time ----------------------------------------------------


def test_the_page_shows_each_dataset_with_its_rows_downloads_and_licence(client, records):
    page = client.get(PAGE).content.decode()
    counts = re.findall(r"<dd data-rows>(\d+)</dd>", page)
    assert counts == [
        str(Pledge.objects.visible_to(PUBLIC).count()),
        str(ProgressReport.objects.visible_to(PUBLIC).count()),
        str(CtaEndorsement.objects.count()),
        "2",
    ]
    for slug in SLUGS:
        for file_format in CONTENT_TYPES:
            assert f'href="/public/data/{slug}.{file_format}"' in page
    licence = (
        f'<a href="{settings.OPEN_DATA_LICENCE_URL}" rel="license">{settings.OPEN_DATA_LICENCE_NAME}</a>'
    )
    assert page.count(licence) == 1 + len(SLUGS)
    assert "CC BY 4.0" in page
    assert not [secret for secret in SECRETS if secret in page]


def test_the_licence_is_the_setting_on_the_page_in_the_json_and_in_the_link_header(client, records, settings):
    settings.OPEN_DATA_LICENCE_NAME = "ODC-By 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/by/1-0/"
    assert '<a href="https://opendatacommons.org/licenses/by/1-0/" rel="license">ODC-By 1.0</a>' in (
        client.get(PAGE).content.decode()
    )
    response, data = download(client, "endorsements", "json")
    assert json.loads(data)["licence"] == {
        "name": "ODC-By 1.0",
        "url": "https://opendatacommons.org/licenses/by/1-0/",
    }
    assert response["Link"] == '<https://opendatacommons.org/licenses/by/1-0/>; rel="license"'
    about = openpyxl.load_workbook(io.BytesIO(download(client, "alliance", "xlsx")[1])).worksheets[1]
    licence = ("Licence", "ODC-By 1.0", "https://opendatacommons.org/licenses/by/1-0/")
    assert licence in [row[:3] for row in about.values]


def test_each_dataset_is_dated_by_the_latest_change_of_its_own_rows(client, reference_data, staff):
    with time_machine.travel(dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        EndorsementFactory(member_state=state("KEN"))
    with time_machine.travel(dt.datetime(2025, 2, 1, 8, 30, tzinfo=dt.UTC), tick=False):
        pledge = PledgeFactory(member_state=state("FJI"))
    with time_machine.travel(dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        ProgressReportFactory(pledge=pledge, author=staff)
    with time_machine.travel(dt.datetime(2025, 4, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        PledgeFactory(member_state=state("KEN"), visibility=Visibility.INTERNAL)  # not public: no change

    def updated(slug):
        return json.loads(download(client, slug, "json")[1])["updated_at"]

    assert updated("endorsements") == "2025-01-10T09:00:00Z"
    assert updated("pledges") == "2025-02-01T08:30:00Z"
    assert updated("reports") == "2025-03-01T10:00:00Z"
    assert updated("alliance") is None
    page = client.get(PAGE).content.decode()
    assert '<time datetime="2025-01-10T09:00:00+00:00">10 January 2025, 09:00 UTC</time>' in page


@pytest.mark.parametrize(("language", "_name"), settings.LANGUAGES)
def test_the_page_renders_in_each_language(client, records, language, _name):
    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert page.count('class="data-dictionary"') == len(SLUGS)


def test_unknown_datasets_and_formats_are_not_found(client, records):
    for path in ("meetings.csv", "pledges.pdf", "pledges.CSV", "pledges.csv.bak", "visits.json", "pledges."):
        assert client.get(f"{PAGE}{path}").status_code == 404, path


# --- Caching --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PAGE, f"{PAGE}pledges.csv", f"{PAGE}reports.xlsx", f"{PAGE}alliance.json"])
def test_a_matching_if_none_match_is_a_304_and_a_change_moves_the_etag(client, records, staff, path):
    first = client.get(path)
    assert set(first["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}
    assert first["Last-Modified"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    AllianceMilestone.objects.filter(done_on__isnull=False).delete()  # a public fact changes
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_signed_in_visitor_gets_a_private_answer(web, records, staff):
    response = web(staff).get(PAGE)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


# --- Query counts ---------------------------------------------------------------------------------


def add_rows(isos: tuple[str, ...], staff) -> None:
    """A public pledge with a public report, an endorsement and a membership for each State."""
    for iso3 in isos:
        pledge = PledgeFactory(member_state=state(iso3), sdg_targets=["16.2"])
        report = ProgressReportFactory(pledge=pledge, author=staff)
        report_narrative_publish(report=report, by=staff, public=True)
        EndorsementFactory(member_state=state(iso3))
        membership = MembershipFactory(member_state=state(iso3))
        membership_milestone_tick(
            membership=membership, code=Milestone.DATA_COLLECTED, done_on=dt.date(2025, 1, 2), by=staff
        )


def queries_of(client, path: str) -> int:
    """The queries of one answer, its streamed content read to the end."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        body(response)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", [PAGE, *(f"{PAGE}{slug}.{file_format}" for slug in SLUGS for file_format in CONTENT_TYPES)]
)
def test_the_page_and_every_download_cost_the_same_whatever_the_number_of_rows(
    client, reference_data, staff, path
):
    add_rows(("ARG",), staff)
    few = queries_of(client, path)
    add_rows(("BEL", "CAN", "DNK", "EGY", "FRA", "GHA", "IND", "JPN", "MEX", "NOR", "PER"), staff)
    assert queries_of(client, path) == few


def test_a_download_reads_its_rows_in_one_query(client, records, django_assert_num_queries):
    # The public data's state (7, for the ETag and Last-Modified), the update time (1 per table),
    # the dictionary's SDG targets and the export's (pledges only), then the rows in one query.
    with django_assert_num_queries(7 + 1 + 1):
        body(client.get(f"{PAGE}endorsements.csv"))
    with django_assert_num_queries(7 + 2 + 1 + 1 + 1):
        body(client.get(f"{PAGE}pledges.json"))

"""`?format=csv` on the pledge lists, read in SQL: byte for byte the serializer's CSV, in one query.

The expected file is the one the serializer path writes (`CSVStreamingMixin`, what the lists
answered before `pledges/api/exports.py`): `csv_export` returning None switches a view back to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.choices import Role
from pledges.api import exports
from pledges.api.exports import EXPORTED_FIELDS, LABELLED_FIELDS, PledgeCSVMixin
from pledges.api.serializers import PledgeSerializer, PublicPledgeSerializer
from pledges.choices import PledgeStatus, Verdict, Visibility
from pledges.models import Pledge
from pledges.services import report_verify
from tests.factories import MeetingFactory, PledgeFactory, ProgressReportFactory, UserFactory, state

PLEDGES = "/api/v1/pledges/"
PUBLIC = "/api/v1/public/pledges/"

TRICKY_TITLES = [
    "Plan, with commas, and more",
    'The "quoted" plan',
    "Two lines\nof title",
    "Windows\r\nline break",
    "=SUM(A1:A9)",
    "+1 phone line",
    "-5 per cent of violence",
    "@mention of the minister",
    "\tA tab first",
    "\rA carriage return first",
    "Türkiye's plan: çocuklar, ğ, ı, ş — «ok»",  # noqa: RUF001 (Turkish dotless i, on purpose)
]


@pytest.fixture
def tricky_pledges(reference_data, staff):
    """Pledges of Türkiye, Kenya and Fiji whose every text could trip a CSV writer."""
    responsible = UserFactory(username="-dash", role=Role.STAFF, is_staff=True)
    meetings = [MeetingFactory(date=dt.date(2024, 1, day)) for day in (3, 9, 27)]
    pledges = []
    for index, title in enumerate(TRICKY_TITLES):
        pledge = PledgeFactory(
            member_state=state(("TUR", "KEN", "FJI")[index % 3]),
            title=title,
            description=f'{title} — described, "again"\n{index}',
            made_on=dt.date(2024, 1, 1) + dt.timedelta(days=index),
            visibility=Visibility.INTERNAL if index % 4 == 1 else Visibility.PUBLIC,
            sdg_targets=[[], ["16.2"], ["16.2", "5.2", "4.7"]][index % 3],
            indicator='=HYPERLINK("x")' if index == 2 else ("Share of districts" if index % 2 else ""),
            baseline="12, of 47" if index % 2 else "",
            responsible_body="Ministry; of Family" if index % 3 else "",
            budget_committed=bool(index % 2),
            budget_amount=Decimal("1234567.50") if index % 2 else None,
            budget_currency="USD" if index % 2 else "",
            responsible_staff=responsible if index % 2 else None,
            target_date=None if index == 3 else dt.date(2020 + index, 12, 31),
            next_report_due=dt.date(2024, 1, 1) if index % 2 else None,
            status=PledgeStatus.ACHIEVED if index == 5 else PledgeStatus.IN_PROGRESS,
            progress=100 if index == 5 else index * 9,
        )
        for meeting in meetings[: index % 4]:
            meeting.pledges.add(pledge)
        pledges.append(pledge)
    report = ProgressReportFactory(pledge=pledges[4], author=staff, progress=45)
    report_verify(report=report, by=staff, verdict=Verdict.VERIFIED, note="")
    return pledges


def body(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def both_files(client, url: str, params: dict, monkeypatch) -> tuple[bytes, bytes]:
    """(the streamed export's file, the serializer path's file) for the same request."""
    streamed = body(client.get(url, {**params, "format": "csv"}))
    with monkeypatch.context() as patch:
        patch.setattr(PledgeCSVMixin, "csv_export", lambda self: None)
        expected = body(client.get(url, {**params, "format": "csv"}))
    return streamed, expected


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "progress"},
        {"member_state": "TUR", "ordering": "-made_on"},
        {"search": "plan"},
        {"status": "withdrawn"},
    ],
)
def test_pledge_csv_is_the_serializers_csv_byte_for_byte(
    request, api, tricky_pledges, monkeypatch, role, params
):
    streamed, expected = both_files(api(request.getfixturevalue(role)), PLEDGES, params, monkeypatch)
    assert streamed == expected
    assert streamed.startswith(b"id,member_state,")


def test_staff_csv_defuses_formulas_and_keeps_every_tricky_value(api, staff, tricky_pledges):
    rows = list(csv.DictReader(io.StringIO(body(api(staff).get(PLEDGES, {"format": "csv"})).decode())))
    titles = {row["title"] for row in rows}
    assert "'=SUM(A1:A9)" in titles
    assert "'\rA carriage return first" in titles
    assert "Windows\r\nline break" in titles
    assert "Türkiye's plan: çocuklar, ğ, ı, ş — «ok»" in titles  # noqa: RUF001
    by_title = {row["title"]: row for row in rows}
    assert by_title["'+1 phone line"]["sdg_targets"] == "16.2;4.7;5.2"
    assert by_title["'@mention of the minister"]["meetings"].count(";") == 2
    assert by_title["'+1 phone line"]["responsible_staff"] == "'-dash"
    assert by_title["'=SUM(A1:A9)"]["verified_progress"] == "45"


def test_focal_point_csv_holds_only_its_scope_and_no_meetings(api, focal_ken, tricky_pledges):
    rows = list(csv.DictReader(io.StringIO(body(api(focal_ken).get(PLEDGES, {"format": "csv"})).decode())))
    internal = {pledge.title for pledge in tricky_pledges if pledge.visibility == Visibility.INTERNAL}
    outside = {
        pledge.title
        for pledge in tricky_pledges
        if pledge.title in internal and pledge.member_state.iso3 != "KEN"
    }
    assert outside
    assert not outside & {row["title"].lstrip("'") for row in rows}
    assert {row["meetings"] for row in rows} == {""}
    assert "responsible_staff" not in rows[0]


def without_open_data_extras(data: bytes) -> bytes:
    """The open-data file without its BOM and its `<field>_label` columns, written again."""
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    kept = [index for index, name in enumerate(rows[0]) if not name.endswith("_label")]
    assert len(kept) == len(rows[0]) - len(LABELLED_FIELDS)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[row[index] for index in kept] for row in rows])
    return buffer.getvalue().encode()


@pytest.mark.parametrize("params", [{}, {"ordering": "progress"}, {"region": "Asia"}])
def test_public_csv_is_the_serializers_csv_byte_for_byte(api, tricky_pledges, monkeypatch, params):
    """Beside its BOM and label columns, the open-data file is the serializer's file."""
    streamed, expected = both_files(api(), PUBLIC, params, monkeypatch)
    assert without_open_data_extras(streamed) == expected


def test_public_csv_has_no_internal_pledge_and_defuses_formulas(api, tricky_pledges):
    data = body(api().get(PUBLIC, {"format": "csv"}))
    assert data.startswith(b"\xef\xbb\xbfid,")  # the BOM: spreadsheets read "Türkiye" as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    internal = {pledge.title for pledge in tricky_pledges if pledge.visibility == Visibility.INTERNAL}
    assert internal
    assert not internal & {row["title"] for row in rows}
    assert "'=SUM(A1:A9)" in {row["title"] for row in rows}  # defused; the importer restores it
    assert "Türkiye" in {row["member_state_name"] for row in rows}


def test_public_csv_has_labels_beside_codes_in_the_callers_language(api, tricky_pledges):
    for language, in_progress in (("en", "In progress"), ("es", "En curso"), ("fr", "En cours")):
        data = body(api().get(PUBLIC, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE=language))
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = reader.fieldnames
        for name in LABELLED_FIELDS:
            assert header[header.index(name) + 1] == f"{name}_label"
        labels = {(row["status"], row["status_label"]) for row in reader}
        assert ("in_progress", in_progress) in labels, (language, labels)


def test_every_serializer_field_has_a_cell(rf, staff):
    request = rf.get("/")
    request.user = staff
    for serializer_class in (PledgeSerializer, PublicPledgeSerializer):
        assert set(serializer_class(context={"request": request}).fields) <= EXPORTED_FIELDS


@pytest.mark.parametrize(("url", "role"), [(PLEDGES, "staff"), (PLEDGES, "focal_ken"), (PUBLIC, None)])
def test_csv_costs_the_same_queries_for_few_rows_and_many_chunks(
    request, api, reference_data, url, role, monkeypatch
):
    client = api(request.getfixturevalue(role) if role else None)
    monkeypatch.setattr(exports, "CSV_CHUNK_SIZE", 3)  # many chunks from the server-side cursor
    counts = []
    for total in (2, 40):
        PledgeFactory.create_batch(
            total - PledgeFactory._meta.model.objects.count(), sdg_targets=["16.2", "5.2"]
        )
        with CaptureQueriesContext(connection) as queries:
            lines = body(client.get(url, {"format": "csv"})).count(b"\r\n")
        assert lines == total + 1
        counts.append(len(queries))
    # The terms' codes in their order, then the rows; the public feed first reads its data's state
    # (seven index ends: pledges, reports, verdicts, publications, endorsements, memberships,
    # milestones) for its ETag and Last-Modified.
    assert counts[0] == counts[1] == (9 if url == PUBLIC else 2)


def test_nothing_is_streamed_before_the_response_is_sent(api, staff, tricky_pledges):
    """Rows streamed from PostgreSQL hold the connection: a query between the view and the first
    chunk sent (a middleware saving the session, a test's own) must not wait on it for ever."""
    import signal

    def stuck(*_args):
        raise AssertionError("the connection is held by an export that has not started")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        response = api(staff).get(PLEDGES, {"format": "csv"})
        assert Pledge.objects.count() == len(tricky_pledges)  # the same connection, still free
        lines = body(response).count(b"\r\n")
        assert Pledge.objects.count() == len(tricky_pledges)  # and free again once it is read
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert lines > len(tricky_pledges)

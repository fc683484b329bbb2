"""The open data (/public/data/): four datasets of public records, each as CSV, XLSX and JSON.

A dataset is an output serializer (pledges/api/serializers.py: `OpenData*Serializer`) and the
public rows it reads (`visible_to(PUBLIC)`). The serializer's fields are the columns of every
download, and their classes, meanings (`help_text`) and choices are the data dictionary, so the
dictionary cannot list a column the files lack or miss one they hold.

The cells are read in SQL and streamed, as the API's CSV is (engagement/exports.py): the pledges
through the API's own `PledgeCSVExport` (its file is the public feed's `?format=csv`, byte for
byte), the others through `SerializerValuesExport`, which reads each field's source as a
`values_list` column. Text is defused against spreadsheet formulas in CSV and XLSX
(`defuse_formula`; the admin importer restores it); JSON is not opened by spreadsheets, so it
carries the text as recorded (`restore_formula` undoes the defusing exactly) and typed values:
numbers, true/false, null for an empty cell, a list for several codes.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from rest_framework import serializers

from engagement.exports import (
    CSV_CHUNK_SIZE,
    CSVExport,
    date_cell,
    datetime_cell_writer,
    defuse_text_cells,
    optional_cell,
    restore_formula,
    streamed_csv_response,
    streamed_rows,
)
from engagement.models import Term, term_code_sort_key
from engagement.names import state_name
from engagement.roles import PUBLIC
from pledges.api.exports import PledgeCSVExport
from pledges.api.serializers import (
    ChoiceLabelField,
    MemberStateNameField,
    OpenDataAllianceSerializer,
    OpenDataEndorsementSerializer,
    OpenDataPledgeSerializer,
    OpenDataReportSerializer,
)
from pledges.choices import MILESTONE_DUE_MONTHS, Milestone
from pledges.models import (
    AllianceMembership,
    AllianceMilestone,
    CtaEndorsement,
    Pledge,
    ProgressReport,
    ReportPublication,
    ReportVerification,
)
from pledges.selectors import AddMonths, public_pledges, reports_with_verification

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

# --- The data dictionary ------------------------------------------------------------------------

# What a column holds, by the class of its serializer field; the JSON's `fields[].type`.
TYPE_LABELS = {
    "integer": _("whole number"),
    "boolean": _("true or false"),
    "date": _("date (YYYY-MM-DD)"),
    "datetime": _("date and time (ISO 8601, UTC)"),
    "code": _("code: one of the values listed"),
    "codes": _("codes: any of the values listed, separated by “;” (a list in JSON)"),
    "label": _("text: the label of the code beside it"),
    "text": _("text"),
}
_METHOD_TYPES = {bool: "boolean", int: "integer", str: "text"}


def field_type(field: serializers.Field) -> str:
    """What a serializer field writes, as the dictionary names it (a key of `TYPE_LABELS`)."""
    if isinstance(field, ChoiceLabelField):
        return "label"
    if isinstance(field, serializers.ManyRelatedField):
        return "codes"
    if isinstance(field, serializers.SerializerMethodField):
        # The method's return annotation: `get_stale(...) -> bool`.
        method = getattr(field.parent, field.method_name)
        kind = _METHOD_TYPES.get(inspect.signature(method, eval_str=True).return_annotation)
        if kind:
            return kind
    for field_class, name in (
        (serializers.ChoiceField, "code"),
        (serializers.BooleanField, "boolean"),
        (serializers.IntegerField, "integer"),
        (serializers.DateTimeField, "datetime"),
        (serializers.DateField, "date"),
        (serializers.CharField, "text"),
        (MemberStateNameField, "text"),
    ):
        if isinstance(field, field_class):
            return name
    raise ImproperlyConfigured(f"No open-data type for {field.field_name} ({type(field).__name__}).")


def allowed_values(field: serializers.Field) -> list[dict]:
    """A coded field's values with their labels in the active language; [] for other fields."""
    if isinstance(field, serializers.ManyRelatedField):
        vocabulary = field.child_relation.vocabulary
        terms = sorted(
            Term.objects.filter(vocabulary=vocabulary), key=lambda term: term_code_sort_key(term.code)
        )
        return [{"code": term.code, "label": term.label} for term in terms]
    if isinstance(field, serializers.ChoiceField):
        return [{"code": code, "label": str(label)} for code, label in field.choices.items()]
    return []


def data_dictionary(serializer: serializers.Serializer) -> list[dict]:
    """Every column of a dataset, in order: `name`, `type`, `type_label`, `meaning`, `values`."""
    return [
        {
            "name": name,
            "type": field_type(field),
            "type_label": str(TYPE_LABELS[field_type(field)]),
            "meaning": str(field.help_text or ""),
            "values": allowed_values(field),
        }
        for name, field in serializer.fields.items()
    ]


# --- Cells from a serializer's sources ------------------------------------------------------------


class _StateRow:
    """What `state_name` reads of a Member State, from a row's two cells."""

    __slots__ = ("iso3", "name")

    def __init__(self, iso3: str, name: str):
        self.iso3, self.name = iso3, name


def _column(field: serializers.Field) -> tuple[tuple[str, ...], Callable]:
    """What a field's cell reads (its source as `values_list` lookups) and how it is written."""
    lookup = field.source.replace(".", "__")
    if isinstance(field, ChoiceLabelField):
        labels = {code: str(label) for code, label in field.labels.items()}
        return (lookup,), lambda code: labels.get(code, code)
    if isinstance(field, MemberStateNameField):
        names: dict[tuple[str, str], str] = {}

        def local_name(iso3: str, name: str) -> str:
            if (iso3, name) not in names:
                names[iso3, name] = state_name(_StateRow(iso3, name))
            return names[iso3, name]

        return (f"{lookup}__iso3", f"{lookup}__name"), local_name
    if isinstance(field, serializers.DateTimeField):
        return (lookup,), datetime_cell_writer()
    if isinstance(field, serializers.DateField):
        return (lookup,), date_cell
    plain = (
        serializers.CharField,
        serializers.ChoiceField,
        serializers.IntegerField,
        serializers.BooleanField,
    )
    if isinstance(field, plain):
        return (lookup,), optional_cell
    raise ImproperlyConfigured(f"No cell for {field.field_name} ({type(field).__name__}).")


class SerializerValuesExport(CSVExport):
    """A dataset's cells, one `values_list` query streamed: each serializer field's source is a
    column, written as the serializer writes it (the tests compare the two), text defused."""

    def __init__(self, serializer: serializers.Serializer):
        self.header = list(serializer.fields)
        self.columns = [_column(field) for field in serializer.fields.values()]
        self.text = [
            position
            for position, field in enumerate(serializer.fields.values())
            if field_type(field) in ("text", "label")
        ]

    def rows(self, queryset: models.QuerySet) -> Iterator[list]:
        lookups = list(dict.fromkeys(lookup for reads, _write in self.columns for lookup in reads))
        plan = [([lookups.index(lookup) for lookup in reads], write) for reads, write in self.columns]
        values = queryset.values_list(*lookups)
        for row in streamed_rows(values, chunk_size=CSV_CHUNK_SIZE):
            cells = [write(*(row[position] for position in positions)) for positions, write in plan]
            yield defuse_text_cells(cells, self.text)


# --- The datasets -----------------------------------------------------------------------------------


def open_data_reports() -> models.QuerySet:
    """Reports on public pledges, oldest first, with `reported_on`, `verification`, and
    `public_narrative` and `public_evidence_url`: the report's words and link only when staff made
    its narrative public (`ReportPublication.narrative_public`), else ""."""
    shown = Exists(ReportPublication.objects.filter(report=OuterRef("pk"), narrative_public=True))
    when_shown = {
        "public_narrative": ("narrative", models.TextField()),
        "public_evidence_url": ("evidence_url", models.CharField()),
    }
    return (
        reports_with_verification(ProgressReport.objects.visible_to(PUBLIC))
        .select_related("pledge__member_state")
        .annotate(narrative_shown=shown, reported_on=TruncDate("created_at"))
        .annotate(
            **{
                name: Case(When(narrative_shown=True, then=F(column)), default=Value(""), output_field=output)
                for name, (column, output) in when_shown.items()
            }
        )
        .order_by("created_at", "id")
    )


def open_data_endorsements() -> models.QuerySet:
    """Every Call-to-Action endorsement, first endorsed first."""
    return (
        CtaEndorsement.objects.visible_to(PUBLIC).select_related("member_state").order_by("endorsed_on", "id")
    )


def open_data_memberships() -> models.QuerySet:
    """Every Alliance membership, first joined first, with `<milestone>_due` (MILESTONE_DUE_MONTHS
    after joining, as `membership_milestones` says) and `<milestone>_done_on` for each milestone."""
    milestones = AllianceMilestone.objects.visible_to(PUBLIC).filter(membership=OuterRef("pk"))
    due = AddMonths(F("joined_on"), MILESTONE_DUE_MONTHS)
    per_milestone = {}
    for code in Milestone:
        per_milestone[f"{code}_due"] = due
        per_milestone[f"{code}_done_on"] = Subquery(milestones.filter(code=code).values("done_on")[:1])
    return (
        AllianceMembership.objects.visible_to(PUBLIC)
        .select_related("member_state")
        .annotate(**per_milestone)
        .order_by("joined_on", "id")
    )


@dataclass(frozen=True)
class Dataset:
    """One open dataset: what it is called and holds, its serializer, its rows, and the tables whose
    latest change is its update time (`(queryset, timestamp field)` pairs)."""

    slug: str
    title: str
    description: str
    serializer_class: type[serializers.Serializer]
    rows: Callable[[], models.QuerySet]
    changes: Callable[[], Sequence[tuple[models.QuerySet, str]]]
    # What writes its cells, from its serializer and the day (`stale` counts from it).
    export: Callable[[serializers.Serializer, dt.date], CSVExport] = lambda serializer, today: (
        SerializerValuesExport(serializer)
    )

    def serializer(self, today: dt.date) -> serializers.Serializer:
        return self.serializer_class(context={"today": today})

    def updated_at(self) -> dt.datetime | None:
        """When its rows last changed (None: never): the latest of its tables' timestamps."""
        moments = [rows.order_by().aggregate(at=models.Max(field))["at"] for rows, field in self.changes()]
        return max((moment for moment in moments if moment), default=None)


def _public_pledge_export(serializer: serializers.Serializer, today: dt.date) -> PledgeCSVExport:
    """The open feed's own cells (`public/pledges/?format=csv`): the same columns, the same writer."""
    return PledgeCSVExport(header=list(serializer.fields), user=PUBLIC, today=today)


def _public_verdicts() -> models.QuerySet:
    return ReportVerification.objects.visible_to(PUBLIC)


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            slug="pledges",
            title=_("Pledges"),
            description=_(
                "Every public pledge: its State, origin, area, SDG targets, target date, status and "
                "progress as the State reported them, and the progress the Office verified."
            ),
            serializer_class=OpenDataPledgeSerializer,
            rows=public_pledges,
            export=_public_pledge_export,
            # Verdicts write the pledge's verified progress without touching its `updated_at`.
            changes=lambda: [
                (Pledge.objects.visible_to(PUBLIC), "updated_at"),
                (_public_verdicts(), "created_at"),
            ],
        ),
        Dataset(
            slug="reports",
            title=_("Progress reports"),
            description=_(
                "Every progress report on a public pledge: its date, status and progress and the "
                "Office's verification; its narrative and evidence link only where the Office made "
                "them public."
            ),
            serializer_class=OpenDataReportSerializer,
            rows=open_data_reports,
            changes=lambda: [
                (ProgressReport.objects.visible_to(PUBLIC), "created_at"),
                (_public_verdicts(), "created_at"),
                (
                    ReportPublication.objects.filter(report__in=ProgressReport.objects.visible_to(PUBLIC)),
                    "updated_at",
                ),
            ],
        ),
        Dataset(
            slug="endorsements",
            title=_("Call-to-Action endorsements"),
            description=_(
                "Every State that endorsed the Bogota Call to Action on ending violence against "
                "children: when, and the level of its signatory."
            ),
            serializer_class=OpenDataEndorsementSerializer,
            rows=open_data_endorsements,
            # No timestamp on the row: its history's, which also dates a withdrawn endorsement.
            changes=lambda: [(CtaEndorsement.history, "history_date")],
        ),
        Dataset(
            slug="alliance",
            title=_("Pathfinding Alliance members"),
            description=_(
                "Every member State of the Pathfinding Global Alliance: when it joined, its standing, "
                "its national plan, and its five milestones, due and done."
            ),
            serializer_class=OpenDataAllianceSerializer,
            rows=open_data_memberships,
            changes=lambda: [
                (AllianceMembership.history, "history_date"),
                (AllianceMilestone.history, "history_date"),
            ],
        ),
    )
}


# --- The downloads --------------------------------------------------------------------------------


def licence() -> dict[str, str]:
    """The open data's licence (settings OPEN_DATA_LICENCE_NAME and OPEN_DATA_LICENCE_URL)."""
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


def _json_value_writer(kind: str) -> Callable:
    """A CSV cell as JSON: typed, null when empty, the text as recorded (its defusing undone)."""
    if kind == "integer":
        return lambda cell: None if cell == "" else int(cell)
    if kind in ("date", "datetime"):
        return lambda cell: cell or None
    if kind == "codes":
        return lambda cell: cell.split(";") if cell else []
    if kind in ("text", "label"):
        return restore_formula
    return lambda cell: cell  # booleans and codes are written as they are


def _xlsx_cell(sheet, value):
    """A cell as a worksheet holds it: empty for none, text always text (never a formula or an
    error code, which openpyxl would make of "=..." or "#N/A"), without the control characters
    that XML cannot carry."""
    if value == "" or value is None:
        return None
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("=") or value in ERROR_CODES:
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


@dataclass(frozen=True)
class Download:
    """What a download is made of: the dataset, its columns, its cells and its description."""

    dataset: Dataset
    dictionary: list[dict]
    export: CSVExport
    updated_at: dt.datetime | None

    @property
    def filename(self) -> str:
        """The file's name before its date (`open-data-pledges-20250609.csv`, as the API's CSV)."""
        return f"open-data-{self.dataset.slug}"

    def content_disposition(self, extension: str) -> str:
        return f'attachment; filename="{self.filename}-{timezone.localdate():%Y%m%d}.{extension}"'

    def metadata(self) -> dict:
        """What the JSON says of itself, and the XLSX on its second sheet."""
        return {
            "dataset": self.dataset.slug,
            "title": str(self.dataset.title),
            "description": str(self.dataset.description),
            "language": translation.get_language(),
            "licence": licence(),
            "updated_at": serializers.DateTimeField().to_representation(self.updated_at)
            if self.updated_at
            else None,
            "fields": [
                {key: field[key] for key in ("name", "type", "meaning", "values")}
                for field in self.dictionary
            ],
        }

    def rows(self) -> Iterator[Sequence]:
        return self.export.rows(self.dataset.rows())


def csv_response(download: Download) -> StreamingHttpResponse:
    """The CSV, streamed: UTF-8 with a BOM, text defused (the API's writer)."""
    return streamed_csv_response(
        download.export, download.dataset.rows(), filename=download.filename, bom=True
    )


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(download: Download) -> HttpResponse:
    """The workbook: the rows on the first sheet (the CSV's cells; what the admin importer reads),
    then a sheet on the dataset: its title, licence, update time and dictionary."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(download.dataset.slug)
    sheet.append(download.export.header)
    for row in download.rows():
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    about = workbook.create_sheet(str(_("About"))[:31])
    metadata = download.metadata()
    lines = [
        [metadata["title"]],
        [metadata["description"]],
        [str(_("Licence")), metadata["licence"]["name"], metadata["licence"]["url"]],
        [str(_("Updated")), metadata["updated_at"] or ""],
        [],
        [str(_("Column")), str(_("Type")), str(_("Meaning")), str(_("Allowed values"))],
        *(
            [
                field["name"],
                field["type_label"],
                field["meaning"],
                "; ".join(f"{value['code']}: {value['label']}" for value in field["values"]),
            ]
            for field in download.dictionary
        ),
    ]
    for line in lines:
        about.append([_xlsx_cell(about, value) for value in line])
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = download.content_disposition("xlsx")
    return response


def _json_chunks(download: Download) -> Iterator[str]:
    """The JSON document, a chunk of rows at a time: its description first, then `rows`."""
    metadata = json.dumps(download.metadata(), ensure_ascii=False)
    yield metadata[:-1] + ', "rows": ['
    header = download.export.header
    writers = [_json_value_writer(field["type"]) for field in download.dictionary]

    def row_object(row: Sequence) -> str:
        values = {name: write(cell) for name, write, cell in zip(header, writers, row, strict=True)}
        return json.dumps(values, ensure_ascii=False)

    rows = iter(download.rows())
    separator = ""
    while chunk := list(islice(rows, CSV_CHUNK_SIZE)):
        yield separator + ", ".join(row_object(row) for row in chunk)
        separator = ", "
    yield "]}"


def json_response(download: Download) -> StreamingHttpResponse:
    """The JSON, streamed: `dataset`, `title`, `description`, `language`, `licence`, `updated_at`,
    `fields` (the dictionary) and `rows` (one object per row, keyed by the CSV's columns)."""
    response = StreamingHttpResponse(_json_chunks(download), content_type="application/json")
    response["Content-Disposition"] = download.content_disposition("json")
    return response


FORMAT_LABELS = {"csv": _("CSV"), "xlsx": _("Excel (XLSX)"), "json": _("JSON")}
FORMATS: dict[str, Callable[[Download], HttpResponse | StreamingHttpResponse]] = {
    "csv": csv_response,
    "xlsx": xlsx_response,
    "json": json_response,
}


def open_data_download_response(
    *, slug: str, file_format: str, today: dt.date
) -> HttpResponse | StreamingHttpResponse | None:
    """One dataset in one format, with the licence in a `Link` header; None for an unknown dataset
    or format. Everything but the rows is read here: the rows stream as the answer is sent."""
    dataset, respond = DATASETS.get(slug), FORMATS.get(file_format)
    if dataset is None or respond is None:
        return None
    serializer = dataset.serializer(today)
    download = Download(
        dataset=dataset,
        dictionary=data_dictionary(serializer),
        export=dataset.export(serializer, today),
        updated_at=dataset.updated_at(),
    )
    response = respond(download)
    if settings.OPEN_DATA_LICENCE_URL:
        response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    return response


# --- The page -------------------------------------------------------------------------------------


def open_data_page(*, today: dt.date) -> dict:
    """What /public/data/ shows of each dataset: title, description, rows, update time, downloads and
    dictionary, and the licence. A fixed number of queries whatever the number of rows."""
    datasets = []
    for dataset in DATASETS.values():
        datasets.append(
            {
                "slug": dataset.slug,
                "title": dataset.title,
                "description": dataset.description,
                "rows": dataset.rows().count(),
                "updated_at": dataset.updated_at(),
                "fields": data_dictionary(dataset.serializer(today)),
                "downloads": [
                    {
                        "format": file_format,
                        "label": FORMAT_LABELS[file_format],
                        "url": reverse("open-data-download", args=[dataset.slug, file_format]),
                    }
                    for file_format in FORMATS
                ],
            }
        )
    return {"datasets": datasets, "licence": licence()}

"""The pledge lists' CSV (`pledges/` and `public/pledges/`), read in one query as `values_list` rows.

Every cell is the one the serializer writes for that field (the SMART gaps, missed cycles and
staleness from the same selectors), so the streamed file is the serializer's file byte for byte;
the SDG targets' ids and the meetings are joined in SQL (`JoinedValues`), in the order the API lists them.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from django.db import models
from rest_framework import serializers

from engagement.exports import (
    CSV_CHUNK_SIZE,
    CSVExport,
    StreamedCSVMixin,
    date_cell,
    defuse_text_cells,
    optional_cell,
    streamed_rows,
    timestamp_reading,
)
from engagement.models import Term
from engagement.names import state_name
from pledges.models import Pledge
from pledges.selectors import (
    pledge_is_stale,
    pledge_meeting_ids_joined,
    pledge_missed_cycles,
    pledge_sdg_target_ids_joined,
    pledge_smart_gaps,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

# What each row reads: (attribute of the row, lookup or annotation in the list's query).
SOURCES = (
    ("id", "id"),
    ("iso3", "member_state__iso3"),
    ("m49", "member_state__m49"),
    ("state_name", "member_state__name"),
    ("origin", "origin"),
    ("visit_id", "visit_id"),
    ("made_on", "made_on"),
    ("title", "title"),
    ("description", "description"),
    ("area", "area"),
    ("target_date", "target_date"),
    ("status", "status"),
    ("progress", "progress"),
    ("visibility", "visibility"),
    ("reporting_interval_days", "reporting_interval_days"),
    ("last_reported_at", "csv_last_reported_at"),
    ("next_report_due", "next_report_due"),
    ("indicator", "indicator"),
    ("baseline", "baseline"),
    ("responsible_body", "responsible_body"),
    ("budget_committed", "budget_committed"),
    ("budget_amount", "budget_amount"),
    ("budget_currency", "budget_currency"),
    ("responsible_username", "responsible_staff__username"),
    ("verified_progress", "verified_progress"),
    ("last_verified_at", "csv_last_verified_at"),
    ("created_at", "csv_created_at"),
    ("updated_at", "csv_updated_at"),
    ("sdg_target_ids", "csv_sdg_target_ids"),
    ("meeting_ids", "csv_meeting_ids"),
)
# Read through `timestamp_reading()`: formatted by the database where it can.
TIMESTAMP_FIELDS = ("last_reported_at", "last_verified_at", "created_at", "updated_at")


class PledgeRow(namedtuple("PledgeRow", [name for name, _lookup in SOURCES])):
    """One pledge as the export reads it; the selectors' rules read it as they read a pledge."""

    __slots__ = ()


_State = namedtuple("_State", ["iso3", "name"])

# Coded fields an export may write with a `<field>_label` column beside them (the open data).
LABELLED_FIELDS = ("origin", "area", "status")

# The fields whose cells are text read from the database: the ones formula defusing must see.
# The others are numbers, booleans, dates, timestamps, ids or the SMART gap codes.
TEXT_FIELDS = frozenset(
    {
        *("member_state", "m49", "member_state_name", "origin", "title", "description", "area"),
        *("sdg_targets", "status", "visibility", "indicator", "baseline", "responsible_body"),
        *("budget_amount", "budget_currency", "responsible_staff"),
    }
)


def _budget_cell_writer() -> Callable:
    """The budget as DRF's DecimalField writes it for the model field (fixed decimals, as text)."""
    model_field = Pledge._meta.get_field("budget_amount")
    field = serializers.DecimalField(
        max_digits=model_field.max_digits, decimal_places=model_field.decimal_places
    )
    exponent = -model_field.decimal_places

    def budget_cell(row: PledgeRow) -> str:
        amount = row.budget_amount
        if amount is None:
            return ""
        # Read from the column, the amount has the field's decimal places already: DRF would
        # write `format(amount, "f")` after quantizing it to what it is.
        if amount.as_tuple().exponent == exponent:
            return format(amount, "f")
        return field.to_representation(amount)

    return budget_cell


def _sdg_codes_writer(ranked_codes: Sequence[tuple[int, str]]) -> Callable[[str], str]:
    """The SDG targets' cell (`16.2;5.3`, in the terms' order) from a row's joined term ids.

    `ranked_codes`: every term's (id, code) in the order the relation lists them. The rows read
    bare ids (an index-only scan: no join and no sort per pledge); the few distinct sets of ids
    are written once each.
    """
    rank = {term_id: (position, code) for position, (term_id, code) in enumerate(ranked_codes)}
    cells: dict[str, str] = {"": ""}

    def sdg_codes(ids: str) -> str:
        if ids not in cells:
            cells[ids] = ";".join(code for _position, code in sorted(rank[int(i)] for i in ids.split(";")))
        return cells[ids]

    return sdg_codes


if TYPE_CHECKING:
    # A cell the row holds as read: the name of its attribute (`SOURCES`), taken without a call.
    Cell = str | Callable[[PledgeRow], object]


def _cell_writers(
    today: dt.date, timestamp: Callable | None, sdg_codes: Callable[[str], str]
) -> dict[str, Cell]:
    """For each serializer field of either pledge list, the cell it writes from a row: the name of
    the row's attribute when the value read is the cell, else a function of the row.

    `timestamp` writes a timestamp as read, None when the database wrote the cell
    (`timestamp_reading`); `sdg_codes` the SDG targets from the row's term ids (`_sdg_codes_writer`).
    """
    names: dict[tuple[str, str], str] = {}

    def state_local_name(row: PledgeRow) -> str:
        key = (row.iso3, row.state_name)
        if key not in names:
            names[key] = state_name(_State(row.iso3, row.state_name))
        return names[key]

    def timestamp_cell(name: str) -> Cell:
        if timestamp is None:
            return name
        read = attrgetter(name)
        return lambda row: timestamp(read(row))

    def label_cell(name: str) -> Cell:
        # The choice's label in the language of the request, as the pages show it.
        labels = {value: str(label) for value, label in Pledge._meta.get_field(name).flatchoices}
        read = attrgetter(name)
        return lambda row: labels.get(read(row), read(row))

    return {
        **{f"{name}_label": label_cell(name) for name in LABELLED_FIELDS},
        "id": "id",
        "member_state": "iso3",
        "m49": "m49",
        "member_state_name": state_local_name,
        "origin": "origin",
        "visit": lambda row: optional_cell(row.visit_id),
        "made_on": lambda row: date_cell(row.made_on),
        "title": "title",
        "description": "description",
        "area": "area",
        "sdg_targets": lambda row: sdg_codes(row.sdg_target_ids),
        "target_date": lambda row: date_cell(row.target_date),
        "status": "status",
        "progress": "progress",
        "visibility": "visibility",
        "reporting_interval_days": "reporting_interval_days",
        "last_reported_at": timestamp_cell("last_reported_at"),
        "next_report_due": lambda row: date_cell(row.next_report_due),
        "indicator": "indicator",
        "baseline": "baseline",
        "responsible_body": "responsible_body",
        "budget_committed": "budget_committed",
        "budget_amount": _budget_cell_writer(),
        "budget_currency": "budget_currency",
        "responsible_staff": lambda row: optional_cell(row.responsible_username),
        "smart_gaps": lambda row: ";".join(
            pledge_smart_gaps(row, today, has_sdg_target=bool(row.sdg_target_ids))
        ),
        "missed_cycles": lambda row: pledge_missed_cycles(row, today),
        "stale": lambda row: pledge_is_stale(row, today),
        "verified_progress": lambda row: optional_cell(row.verified_progress),
        "last_verified_at": timestamp_cell("last_verified_at"),
        "meetings": "meeting_ids",
        "created_at": timestamp_cell("created_at"),
        "updated_at": timestamp_cell("updated_at"),
    }


EXPORTED_FIELDS = frozenset(_cell_writers(dt.date.min, None, str))
SOURCE_POSITIONS = {name: position for position, (name, _lookup) in enumerate(SOURCES)}


class PledgeCSVExport(CSVExport):
    """The CSV of a pledge list for `user`: the columns `header` names (the serializer's fields)."""

    def __init__(self, *, header: list[str], user, today: dt.date):
        self.header = header
        self.user = user
        self.today = today

    @classmethod
    def for_fields(cls, header: list[str], **options) -> PledgeCSVExport | None:
        """The export, or None if a field has no cell here (then the serializer writes the rows)."""
        return cls(header=header, **options) if set(header) <= EXPORTED_FIELDS else None

    def rows(self, queryset: models.QuerySet) -> Iterator[list]:
        read_timestamp, timestamp_cell = timestamp_reading()
        annotations = {
            **{f"csv_{name}": read_timestamp(name) for name in TIMESTAMP_FIELDS},
            "csv_sdg_target_ids": pledge_sdg_target_ids_joined()
            if "sdg_targets" in self.header
            else models.Value(""),
            "csv_meeting_ids": pledge_meeting_ids_joined(self.user)
            if "meetings" in self.header
            else models.Value(""),
        }
        values = (
            queryset.prefetch_related(None)
            .annotate(**annotations)
            .values_list(*(lookup for _name, lookup in SOURCES))
        )
        ranked_codes = Term.objects.order_by(*Term._meta.ordering).values_list("pk", "code")
        writers = _cell_writers(self.today, timestamp_cell, _sdg_codes_writer(list(ranked_codes)))
        plan = [writers[name] for name in self.header]
        # The cells read as they are come out of the row in one call, in the header's order (the
        # written ones take a stand-in's place); then the written ones are put in their places.
        as_read = itemgetter(*(SOURCE_POSITIONS[cell] if isinstance(cell, str) else 0 for cell in plan))
        written = [(position, cell) for position, cell in enumerate(plan) if not isinstance(cell, str)]
        text = [index for index, name in enumerate(self.header) if name in TEXT_FIELDS]
        make_row = PledgeRow._make
        for values_row in streamed_rows(values, chunk_size=CSV_CHUNK_SIZE):
            row = make_row(values_row)
            cells = list(as_read(values_row))
            for position, cell in written:
                cells[position] = cell(row)
            yield defuse_text_cells(cells, text)


class PledgeCSVMixin(StreamedCSVMixin):
    """`?format=csv` on a pledge list: the serializer's columns for the caller, from `PledgeCSVExport`."""

    # Coded fields followed by their label in the request's language (`status`, `status_label`).
    csv_label_fields: tuple[str, ...] = ()

    def csv_export(self) -> PledgeCSVExport | None:
        context = self.get_serializer_context()
        header = []
        for name in self.get_serializer_class()(context=context).fields:
            header.append(name)
            if name in self.csv_label_fields:
                header.append(f"{name}_label")
        return PledgeCSVExport.for_fields(
            header,
            user=self.request.user,
            today=context["today"],
        )

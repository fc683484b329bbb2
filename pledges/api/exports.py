"""The pledge lists' CSV (`pledges/` and `public/pledges/`), read in one query as `values_list` rows.

Every cell is the one the serializer writes for that field (the SMART gaps, missed cycles and
staleness from the same selectors), so the streamed file is the serializer's file byte for byte;
the SDG targets and meetings are joined in SQL (`JoinedValues`), in the order the API lists them.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from typing import TYPE_CHECKING

from django.db import models
from rest_framework import serializers

from engagement.exports import (
    CSV_CHUNK_SIZE,
    CSVExport,
    JoinedValues,
    StreamedCSVMixin,
    date_cell,
    defuse_text_cells,
    optional_cell,
    ordering_through,
    timestamp_reading,
)
from engagement.models import Term
from engagement.names import state_name
from pledges.models import Pledge
from pledges.selectors import (
    pledge_is_stale,
    pledge_meeting_ids_joined,
    pledge_missed_cycles,
    pledge_smart_gaps,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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
    ("sdg_target_codes", "csv_sdg_target_codes"),
    ("meeting_ids", "csv_meeting_ids"),
)
# Read through `timestamp_reading()`: formatted by the database where it can.
TIMESTAMP_FIELDS = ("last_reported_at", "last_verified_at", "created_at", "updated_at")


class _Codes(list):
    """The SDG target codes of a row, as a related manager would list them (`.all()`)."""

    def all(self) -> list[str]:
        return self


class PledgeRow(namedtuple("PledgeRow", [name for name, _lookup in SOURCES])):
    """One pledge as the export reads it; the selectors' rules read it as they read a pledge."""

    __slots__ = ()

    @property
    def sdg_targets_listed(self) -> _Codes:
        return _Codes(self.sdg_target_codes.split(";") if self.sdg_target_codes else ())

    @property
    def sdg_targets(self) -> _Codes:
        return self.sdg_targets_listed


_State = namedtuple("_State", ["iso3", "name"])

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
    return lambda row: "" if row.budget_amount is None else field.to_representation(row.budget_amount)


def _cell_writers(today: dt.date, timestamp: Callable) -> dict[str, Callable[[PledgeRow], object]]:
    """For each serializer field of either pledge list, the cell it writes from a row.

    `timestamp` writes a timestamp as read (see `timestamp_reading`).
    """
    names: dict[tuple[str, str], str] = {}

    def state_local_name(row: PledgeRow) -> str:
        key = (row.iso3, row.state_name)
        if key not in names:
            names[key] = state_name(_State(row.iso3, row.state_name))
        return names[key]

    return {
        "id": lambda row: row.id,
        "member_state": lambda row: row.iso3,
        "m49": lambda row: row.m49,
        "member_state_name": state_local_name,
        "origin": lambda row: row.origin,
        "visit": lambda row: optional_cell(row.visit_id),
        "made_on": lambda row: date_cell(row.made_on),
        "title": lambda row: row.title,
        "description": lambda row: row.description,
        "area": lambda row: row.area,
        "sdg_targets": lambda row: row.sdg_target_codes,
        "target_date": lambda row: date_cell(row.target_date),
        "status": lambda row: row.status,
        "progress": lambda row: row.progress,
        "visibility": lambda row: row.visibility,
        "reporting_interval_days": lambda row: row.reporting_interval_days,
        "last_reported_at": lambda row: timestamp(row.last_reported_at),
        "next_report_due": lambda row: date_cell(row.next_report_due),
        "indicator": lambda row: row.indicator,
        "baseline": lambda row: row.baseline,
        "responsible_body": lambda row: row.responsible_body,
        "budget_committed": lambda row: row.budget_committed,
        "budget_amount": _budget_cell_writer(),
        "budget_currency": lambda row: row.budget_currency,
        "responsible_staff": lambda row: optional_cell(row.responsible_username),
        "smart_gaps": lambda row: ";".join(pledge_smart_gaps(row, today)),
        "missed_cycles": lambda row: pledge_missed_cycles(row, today),
        "stale": lambda row: pledge_is_stale(row, today),
        "verified_progress": lambda row: optional_cell(row.verified_progress),
        "last_verified_at": lambda row: timestamp(row.last_verified_at),
        "meetings": lambda row: row.meeting_ids,
        "created_at": lambda row: timestamp(row.created_at),
        "updated_at": lambda row: timestamp(row.updated_at),
    }


EXPORTED_FIELDS = frozenset(_cell_writers(dt.date.min, str))


def _sdg_target_codes() -> JoinedValues:
    links = Pledge.sdg_targets.through.objects.filter(pledge_id=models.OuterRef("pk"))
    return JoinedValues(
        links.order_by(*ordering_through("term", Term)).values(joined_value=models.F("term__code"))
    )


class PledgeCSVExport(CSVExport):
    """The CSV of a pledge list for `user`: the columns `header` names (the serializer's fields)."""

    def __init__(self, *, header: list[str], user, today: dt.date, defuse_formulas: bool = True):
        self.header = header
        self.user = user
        self.today = today
        self.defuse_formulas = defuse_formulas

    @classmethod
    def for_fields(cls, header: list[str], **options) -> PledgeCSVExport | None:
        """The export, or None if a field has no cell here (then the serializer writes the rows)."""
        return cls(header=header, **options) if set(header) <= EXPORTED_FIELDS else None

    def rows(self, queryset: models.QuerySet) -> Iterator[list]:
        read_timestamp, timestamp_cell = timestamp_reading()
        annotations = {
            **{f"csv_{name}": read_timestamp(name) for name in TIMESTAMP_FIELDS},
            "csv_sdg_target_codes": _sdg_target_codes() if "sdg_targets" in self.header else models.Value(""),
            "csv_meeting_ids": pledge_meeting_ids_joined(self.user)
            if "meetings" in self.header
            else models.Value(""),
        }
        values = (
            queryset.prefetch_related(None)
            .annotate(**annotations)
            .values_list(*(lookup for _name, lookup in SOURCES))
        )
        writers = _cell_writers(self.today, timestamp_cell)
        cells = [writers[name] for name in self.header]
        defused = TEXT_FIELDS if self.defuse_formulas else ()
        text = [index for index, name in enumerate(self.header) if name in defused]
        make_row = PledgeRow._make
        for values_row in values.iterator(chunk_size=CSV_CHUNK_SIZE):
            row = make_row(values_row)
            yield defuse_text_cells([cell(row) for cell in cells], text)


class PledgeCSVMixin(StreamedCSVMixin):
    """`?format=csv` on a pledge list: the serializer's columns for the caller, from `PledgeCSVExport`."""

    def csv_export(self) -> PledgeCSVExport | None:
        context = self.get_serializer_context()
        header = list(self.get_serializer_class()(context=context).fields)
        return PledgeCSVExport.for_fields(
            header,
            user=self.request.user,
            today=context["today"],
            defuse_formulas=getattr(self, "csv_defuse_formulas", True),
        )

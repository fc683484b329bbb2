"""CSV exports at database speed: rows read from a server-side cursor, written a chunk at a time.

A list's export names, per column, what to read (`values_list` lookups, or SQL expressions such as
`JoinedValues` for a many-to-many) and how to write the value; `StreamedCSVMixin` streams it from
one query, read `CSV_CHUNK_SIZE` rows at a time. The cells are the serializer's, byte for byte
(`tests/pledges/api/test_streamed_csv.py`), and text a spreadsheet would run is defused by the one
`defuse_formula` every export uses (the API's CSV and the pages' downloads).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from contextlib import nullcontext
from itertools import chain, islice
from typing import TYPE_CHECKING

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, models
from django.db.backends.utils import CursorDebugWrapper
from django.http import StreamingHttpResponse
from django.utils import timezone

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

# Rows per fetch from the server-side cursor, and per piece of the streamed response.
CSV_CHUNK_SIZE = 2000

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What defusing prefixes: a formula start, and the prefix itself before a formula start or another
# prefix, so that `restore_formula` can take it off again without guessing.
DEFUSE_PREFIX = "'"
_PREFIXED_NEXT = frozenset((*FORMULA_STARTS, DEFUSE_PREFIX))
# Each start is one character: a cell's first character tells, before `defuse_formula` is called.
FORMULA_FIRST_CHARACTERS = frozenset((*FORMULA_STARTS, DEFUSE_PREFIX))


def defuse_formula(value):
    """Text a spreadsheet would run as a formula is prefixed with ' (OWASP's CSV injection advice).

    Text that already starts with ' before a formula start or another ' gets one more, so every
    defused file can be restored exactly (`restore_formula`); `'Tis` and a lone `'` stay as they are.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_STARTS) or (value[0] == DEFUSE_PREFIX and value[1:2] in _PREFIXED_NEXT):
        return DEFUSE_PREFIX + value
    return value


def restore_formula(value):
    """The text `defuse_formula` was given, from what it wrote: the importer's side of an export."""
    if isinstance(value, str) and value[:1] == DEFUSE_PREFIX and value[1:2] in _PREFIXED_NEXT:
        return value[1:]
    return value


def defuse_text_cells(cells: list, positions: Sequence[int]) -> list:
    """`cells` with the text cells at `positions` defused (`defuse_formula`), in place."""
    for position in positions:
        if cells[position][:1] in FORMULA_FIRST_CHARACTERS:
            cells[position] = defuse_formula(cells[position])
    return cells


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence], *, chunk_size: int = CSV_CHUNK_SIZE
) -> Iterator[str]:
    """The CSV text of `header` and `rows`, one piece per `chunk_size` rows (the csv module's dialect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    rows = iter(rows)
    while chunk := list(islice(rows, chunk_size)):
        writer.writerows(chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no rows: the header alone
        yield buffer.getvalue()


# --- Cells as the API writes them ---------------------------------------------------------------


def date_cell(value: dt.date | None) -> str:
    """A date as DRF's DateField writes it (ISO 8601); empty for none."""
    return "" if value is None else value.isoformat()


def datetime_cell_writer() -> Callable[[dt.datetime | None], str]:
    """Timestamps as DRF's DateTimeField writes them: ISO 8601 in the current time zone, `Z` for UTC."""
    zone = timezone.get_current_timezone()

    def datetime_cell(value: dt.datetime | None) -> str:
        if value is None:
            return ""
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return datetime_cell


class UTCTimestampText(models.Func):
    """A timestamp's whole cell as DRF writes it in UTC, made by PostgreSQL: ISO 8601 with `Z`,
    the microseconds only when not zero (as `isoformat()`), empty for none."""

    # One to_char a cell: a zero microsecond is the only `.000000Z` a cell can end with.
    template = (
        "COALESCE(replace(to_char(%(expressions)s AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '.000000Z', 'Z'), '')"
    )
    output_field = models.TextField()


def timestamp_reading() -> tuple[Callable[[str], models.Expression], Callable[[object], str] | None]:
    """(what to select for a timestamp field, the cell it writes), as DRF would write it now.

    When the API writes UTC on PostgreSQL, the database writes the whole cell and the writer is
    None (the value read is the cell): reading a timestamp as a datetime costs more than the rest
    of the row.
    """
    if connection.vendor == "postgresql" and timezone.get_current_timezone_name() == "UTC":
        return UTCTimestampText, None
    return models.F, datetime_cell_writer()


def optional_cell(value):
    """A nullable number or text: empty for none, else the value itself (the csv module writes it)."""
    return "" if value is None else value


# --- Many-to-many in SQL ------------------------------------------------------------------------


class JoinedValues(models.Func):
    """The values of a one-column subquery (`joined_value`) joined into one text: `a;b;c`, '' if none.

    One expression in the list's own query, so an export reads a many-to-many without a query
    per row or per chunk. The subquery's order is kept: give it the order the API lists.
    """

    output_field = models.TextField()

    def __init__(self, queryset: models.QuerySet, separator: str = ";"):
        super().__init__(models.Subquery(queryset), models.Value(separator))

    def as_sql(self, compiler, connection, **extra_context):
        subquery, separator = (compiler.compile(expression) for expression in self.source_expressions)
        return f"ARRAY_TO_STRING(ARRAY{subquery[0]}, {separator[0]})", (*subquery[1], *separator[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        subquery, separator = (compiler.compile(expression) for expression in self.source_expressions)
        # Both parts are compiled SQL with their own parameters: nothing is interpolated from input.
        sql = f"COALESCE((SELECT group_concat(joined_value, {separator[0]}) FROM {subquery[0]}), '')"  # noqa: S608
        return sql, (*separator[1], *subquery[1])


def ordering_through(relation: str, model: type[models.Model]) -> list[str]:
    """`model`'s default ordering seen from a through table: the order `prefetch_related` lists."""
    return [
        f"-{relation}__{name[1:]}" if name.startswith("-") else f"{relation}__{name}"
        for name in model._meta.ordering
    ]


# --- Rows as the database sends them ----------------------------------------------------------


def _libpq_streams_in_chunks() -> bool:
    import psycopg

    return psycopg.pq.version() >= 170000  # stream(size=...) needs libpq 17


def streamed_rows(values: models.QuerySet, *, chunk_size: int = CSV_CHUNK_SIZE) -> Iterator[Sequence]:
    """The rows of a `values_list` queryset, read as PostgreSQL sends them.

    The connection is busy until the last row is read or the iterator is closed: start it only
    where nothing else uses the connection in between (a response's content, as it is sent).

    A server-side cursor (`iterator()`) leaves the database idle while a chunk is written and the
    writer idle while the next is fetched; psycopg's `stream()` receives the rows in chunks while
    the previous ones are written, so an export costs about the longer of the two, not their sum.
    The query is logged as any other (`connection.queries`, `CaptureQueriesContext`) and Django's
    converters apply. Elsewhere (SQLite, an older libpq): the server-side cursor's chunks.
    """
    db = connections[values.db]
    if db.vendor != "postgresql" or not _libpq_streams_in_chunks():
        yield from values.iterator(chunk_size=chunk_size)
        return
    compiler = values.query.get_compiler(using=values.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return
    converters = compiler.get_converters(
        [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    )
    with db.cursor() as cursor:
        logged = cursor.debug_sql(sql, params) if isinstance(cursor, CursorDebugWrapper) else nullcontext()
        with logged, db.wrap_database_errors:
            rows = cursor.cursor.stream(sql, params, size=chunk_size)
            yield from compiler.apply_converters(rows, converters) if converters else rows


# --- The streamed response ----------------------------------------------------------------------


class CSVExport:
    """What a list's CSV holds: `header` (the serializer's field names) and `rows(queryset)`.

    The rows are the cells as written, text already defused (`defuse_formula`) where the
    export must defuse it: only the export knows which columns hold free text.
    """

    header: list[str]

    def rows(self, queryset: models.QuerySet) -> Iterator[Sequence]:
        raise NotImplementedError


def streamed_csv_response(
    export: CSVExport, queryset: models.QuerySet, *, filename: str, bom: bool = False
) -> StreamingHttpResponse:
    """The export of `queryset` as an attachment, streamed as the rows are read; with `bom`, the
    UTF-8 byte order mark first, which spreadsheet programs need to read the file as UTF-8."""
    # Nothing is read before the server iterates the response: rows streamed from PostgreSQL hold
    # the connection until the last one (`streamed_rows`), so a query made between the view and
    # the first chunk (a middleware saving the session) would wait on it forever. A bad filter is
    # still a 400 (filters are checked in the view); a database failing mid-export cuts the file.
    chunks = csv_chunks(export.header, export.rows(queryset))
    response = StreamingHttpResponse(
        chain(["\ufeff"], chunks) if bom else chunks,
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y%m%d}.csv"'
    return response


class StreamedCSVMixin:
    """`?format=csv` on a list from `csv_export(...)`: cells read in SQL, not through the serializer.

    `csv_export` returns None when the export does not cover every field the serializer would
    write for this caller; the list then falls back on the serializer's rows (CSVStreamingMixin).
    Every export defuses formulas; with `csv_bom` the file starts with the UTF-8 byte order mark.
    """

    def csv_export(self) -> CSVExport | None:
        return None

    def list(self, request, *args, **kwargs):
        export = self.csv_export() if getattr(request.accepted_renderer, "format", None) == "csv" else None
        if export is None:
            return super().list(request, *args, **kwargs)
        return streamed_csv_response(
            export,
            self.filter_queryset(self.get_queryset()),
            filename=getattr(self, "csv_filename", None) or self.basename,
            bom=getattr(self, "csv_bom", False),
        )

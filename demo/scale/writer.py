"""Fast row writing for the scale generator: COPY on PostgreSQL, bulk_create elsewhere.

Rows are plain tuples keyed by attribute names (``member_state_id``...); ids are reserved up front
so that children and many-to-many rows can point at parents without a round trip per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH_SIZE = 5000


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Reserve `count` consecutive primary keys for `model`; returns the first one.

    On PostgreSQL the table is locked against concurrent inserts for the rest of the transaction,
    so that nobody else draws from the sequence between our read and our bump.
    """
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            # The table name comes from model metadata, never from input.
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, %s)", [sequence, highest + max(count, 1)])
        return highest + 1
    highest = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
    return highest + 1


class TableWriter:
    """Writes tuples into one model's table; columns not given take the field's default."""

    def __init__(self, model: type[models.Model], attnames: Sequence[str], *, now: dt.datetime) -> None:
        self.model = model
        self.attnames = list(attnames)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(self.attnames) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        self.fixed = {
            attname: self._fixed_value(field, now)
            for attname, field in fields.items()
            if attname not in self.attnames and not field.primary_key
        }
        self.columns = [fields[name].column for name in self.attnames] + [
            fields[name].column for name in self.fixed
        ]
        self.written = 0

    @staticmethod
    def _fixed_value(field: models.Field, now: dt.datetime):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        default = field.get_default()
        if default is None and not field.null:
            raise ValueError(f"{field.model.__name__}.{field.name} needs a value")
        return default

    def write(self, rows: Iterable[tuple]) -> int:
        """Insert every row; returns how many were written."""
        fixed = tuple(self.fixed.values())
        if connection.vendor == "postgresql":
            count = self._copy(rows, fixed)
        else:
            count = self._bulk_create(rows, fixed)
        self.written += count
        return count

    def _copy(self, rows: Iterable[tuple], fixed: tuple) -> int:
        table = self.model._meta.db_table
        column_list = ", ".join(f'"{column}"' for column in self.columns)
        count = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row + fixed)
                    count += 1
        return count

    def _bulk_create(self, rows: Iterable[tuple], fixed: tuple) -> int:
        names = self.attnames + list(self.fixed)
        batch: list[models.Model] = []
        count = 0
        for row in rows:
            batch.append(self.model(**dict(zip(names, row + fixed, strict=True))))
            if len(batch) >= BATCH_SIZE:
                self.model._default_manager.bulk_create(batch, batch_size=BATCH_SIZE)
                count += len(batch)
                batch = []
        if batch:
            self.model._default_manager.bulk_create(batch, batch_size=BATCH_SIZE)
            count += len(batch)
        return count


def write_rows(model: type[models.Model], attnames: Sequence[str], rows: Iterable[tuple], *, now) -> int:
    """Insert rows of `model` given as tuples in the order of `attnames`."""
    return TableWriter(model, attnames, now=now).write(rows)


def write_links(through: type[models.Model], left: str, right: str, pairs: Iterable[tuple[int, int]]) -> int:
    """Insert many-to-many rows into an auto-created through model (`left_id`, `right_id`)."""
    return TableWriter(through, [f"{left}_id", f"{right}_id"], now=None).write(pairs)

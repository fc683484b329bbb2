"""CSV for every list endpoint: the same serializer, every row, streamed.

The pledge lists write theirs from SQL instead (`engagement/exports.py`, `pledges/api/exports.py`).
"""

from __future__ import annotations

import csv

from rest_framework import renderers

from engagement.exports import defuse_formula


class _Echo:
    def write(self, value):
        return value


def _flatten(value):
    if isinstance(value, list):
        return ";".join(str(_flatten(item)) for item in value)
    if isinstance(value, dict):
        return ";".join(f"{key}={_flatten(item)}" for key, item in value.items())
    if value is None:
        return ""
    return value


class CSVRenderer(renderers.BaseRenderer):
    """Renders rows as CSV; lists become `a;b;c`. List views stream instead (CSVStreamingMixin)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        return "".join(csv_lines(data)).encode(self.charset)


def csv_lines(rows, header: list[str] | None = None):
    """Yield CSV lines for an iterable of dicts; the header comes from the first row if not given.

    Free text (a focal point's narrative) could start with `=`: it is defused (`defuse_formula`),
    in every export; the admin importer restores it, so an export re-imports unchanged.
    """
    writer = csv.writer(_Echo())
    if header is not None:
        yield writer.writerow(header)
    for row in rows:
        if header is None:
            header = list(row.keys())
            yield writer.writerow(header)
        yield writer.writerow([defuse_formula(_flatten(row.get(key))) for key in header])

"""CSV for every list endpoint: the same serializer, every row, streamed."""

from __future__ import annotations

import csv

from rest_framework import renderers


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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value):
    """Text a spreadsheet would run as a formula is prefixed with ' (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows, header: list[str] | None = None, *, defuse_formulas: bool = True):
    """Yield CSV lines for an iterable of dicts; the header comes from the first row if not given.

    Free text (a focal point's narrative) could start with `=`: it is defused unless the export
    must re-import byte for byte (the public open-data feed, whose values the office controls).
    """
    writer = csv.writer(_Echo())
    cell = _defuse if defuse_formulas else (lambda value: value)
    if header is not None:
        yield writer.writerow(header)
    for row in rows:
        if header is None:
            header = list(row.keys())
            yield writer.writerow(header)
        yield writer.writerow([cell(_flatten(row.get(key))) for key in header])

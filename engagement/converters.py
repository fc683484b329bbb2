"""URL converters: a Member State in a path is its ISO3 code, so nothing else reaches a query."""

from __future__ import annotations


class Iso3Converter:
    """`<iso3:iso3>`: three letters (`KEN`, typed `ken` too); anything else is not found."""

    regex = "[A-Za-z]{3}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value

"""The API's JSON parser: nesting deeper than MAX_JSON_DEPTH is a 400 before `json` recurses into it.

Python's `json` module recurses once per nested array or object, so a 2 KB body of a thousand
`[` is a RecursionError (a 500) and a deeper one can exhaust the C stack. The depth is measured
first, without recursion, over the body's text: brackets count only outside strings, and an
escaped quote does not end a string.
"""

from __future__ import annotations

import codecs
import re
from itertools import accumulate

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# No request body of the contract nests beyond three levels; a hundred leaves room for any client.
MAX_JSON_DEPTH = 100

# A JSON string: a quote, then runs of anything but quote and backslash, each escape taken whole.
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
BRACKET_STEPS = {"[": 1, "{": 1, "]": -1, "}": -1}

TOO_DEEP = _("JSON nested deeper than %(limit)d levels is not accepted.")


def json_nesting_depth(text: str) -> int:
    """How deep the arrays and objects of the JSON `text` nest (0 for a scalar), in one pass.

    Meant for input not yet known to be valid JSON: an unterminated string or stray brackets give
    some depth, and `json.loads` then refuses the text anyway.
    """
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    return max(accumulate(map(BRACKET_STEPS.__getitem__, brackets)), default=0)


def too_deep() -> ParseError:
    return ParseError(TOO_DEEP % {"limit": MAX_JSON_DEPTH})


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing nesting beyond MAX_JSON_DEPTH with a 400 `{"detail": ...}`.

    The size of the body is Django's DATA_UPLOAD_MAX_MEMORY_SIZE, checked when DRF reads it.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as exc:  # bytes that are not text in that encoding
            raise ParseError(f"JSON parse error - {exc}") from exc
        if json_nesting_depth(text) > MAX_JSON_DEPTH:
            raise too_deep()
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:  # cannot happen below the limit; kept so it never is a 500
            raise too_deep() from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc

"""Write `engagement/reference/term_names.py`: each vocabulary name of the CSV, marked for translation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
CSV_PATH = REFERENCE / "vocabularies.csv"
MODULE_PATH = REFERENCE / "term_names.py"

HEADER = '''# ruff: noqa: E501 (generated: one whole msgid a line, so diffs show which name changed)
"""Vocabulary term names, marked for translation so makemessages collects them.

Generated from vocabularies.csv by `python manage.py write_term_names`; do not edit by hand
(tests/engagement/test_languages.py fails when this module and the CSV differ). `Term.label`
translates a term's name at display time.
"""

from django.utils.translation import gettext_noop

# fmt: off
TERM_NAMES = (
'''


def term_names_source() -> str:
    """The module's text for the current CSV: one `gettext_noop` per distinct name, in CSV order."""
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        names = list(dict.fromkeys(row["name"] for row in csv.DictReader(handle) if row["name"]))
    lines = [f"    gettext_noop({json.dumps(name, ensure_ascii=False)}),\n" for name in names]
    return HEADER + "".join(lines) + ")\n# fmt: on\n"


class Command(BaseCommand):
    help = "Regenerate engagement/reference/term_names.py from engagement/reference/vocabularies.csv."

    def handle(self, *args, **options):
        MODULE_PATH.write_text(term_names_source(), encoding="utf-8")
        self.stdout.write(f"Wrote {MODULE_PATH}")

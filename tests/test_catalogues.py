"""The catalogues are complete: every string marked for translation is in each, translated, and none fuzzy.

The marked strings are extracted the way the translators get them, by Django's `makemessages`
(templates and Python alike), run on a copy of the project so the real catalogues are never
touched. English is the source language: its msgids are the strings themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
# Every language but the source, by its catalogue's directory name.
CATALOGUES = sorted(path.name for path in LOCALE.iterdir() if (path / "LC_MESSAGES" / "django.po").exists())
NOT_SOURCE = {
    ".venv",
    ".git",
    "locale",
    "test-artifacts",
    "staticfiles",
    "media",
    "node_modules",
    "__pycache__",
}
# Strings in tests are not the product's; makemessages is told to skip them (and vendored code).
IGNORED = ("tests/*", "static/vendor/*", "bench/*", ".venv/*")


def message_key(message) -> tuple[str | None, str]:
    """A catalogue entry's identity: its context and its singular msgid."""
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, msgid)


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def marked_strings(project: Path, workdir: Path) -> set[tuple[str | None, str]]:
    """Every msgid `makemessages` extracts from a copy of `project` made in `workdir`."""
    copy = workdir / "project"
    shutil.copytree(project, copy, ignore=lambda _dir, names: [n for n in names if n in NOT_SOURCE])
    (copy / "locale").mkdir()
    command = [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"]
    command += [f"--ignore={pattern}" for pattern in IGNORED]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)  # noqa: S603 (our own manage.py)
    # The fresh English catalogue holds every extracted msgid (the .pot's placeholder header
    # "nplurals=INTEGER" does not parse; the .po's does).
    template = read_catalogue(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    return {message_key(message) for message in template if message.id}


def catalogue_problems(catalogue_path: Path, wanted: set[tuple[str | None, str]]) -> dict[str, list[str]]:
    """What is wrong with one catalogue: msgids missing from it, entries left empty, entries fuzzy."""
    catalogue = read_catalogue(catalogue_path)
    entries = {message_key(message): message for message in catalogue if message.id}
    missing = sorted(msgid for context, msgid in wanted - entries.keys())
    empty, fuzzy = [], []
    for (_context, msgid), message in sorted(entries.items(), key=lambda item: item[0][1]):
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            empty.append(msgid)
        if message.fuzzy:
            fuzzy.append(msgid)
    return {"missing": missing, "empty": empty, "fuzzy": fuzzy}


@pytest.fixture(scope="module")
def wanted(tmp_path_factory) -> set[tuple[str | None, str]]:
    return marked_strings(ROOT, tmp_path_factory.mktemp("makemessages"))


def test_the_five_translated_languages_have_a_catalogue():
    assert CATALOGUES == ["ar", "es", "fr", "ru", "zh_Hans"]


def test_extraction_finds_template_and_python_strings(wanted):
    msgids = {msgid for _context, msgid in wanted}
    assert "Skip to content" in msgids  # templates/base.html
    assert "Prevention" in msgids  # engagement/reference/term_names.py (gettext_noop)
    assert "Give a month as YYYY-MM." in msgids  # Python


@pytest.mark.parametrize("language", CATALOGUES)
def test_the_catalogue_is_complete_and_nothing_is_fuzzy(language, wanted):
    problems = catalogue_problems(LOCALE / language / "LC_MESSAGES" / "django.po", wanted)
    assert problems == {"missing": [], "empty": [], "fuzzy": []}, {
        kind: f"{len(items)}: {items[:10]}" for kind, items in problems.items() if items
    }


FIXTURE_CATALOGUE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Translated"
msgstr "Traduit"

msgid "Left empty"
msgstr ""

#, fuzzy
msgid "Guessed"
msgstr "Deviné"

msgid "One pledge"
msgid_plural "%(count)s pledges"
msgstr[0] "Un engagement"
msgstr[1] ""

msgctxt "status"
msgid "State"
msgstr "État"
"""


def test_the_check_reports_a_missing_an_empty_and_a_fuzzy_entry(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(FIXTURE_CATALOGUE, encoding="utf-8")
    wanted = {
        (None, "Translated"),
        (None, "Left empty"),
        (None, "Guessed"),
        (None, "One pledge"),
        (None, "Never translated"),
        ("member state", "State"),  # the same msgid in another context is another entry
        ("status", "State"),
    }
    assert catalogue_problems(path, wanted) == {
        "missing": ["Never translated", "State"],
        "empty": ["Left empty", "One pledge"],
        "fuzzy": ["Guessed"],
    }


def test_the_check_passes_a_complete_catalogue(tmp_path):
    path = tmp_path / "django.po"
    complete = (
        FIXTURE_CATALOGUE.split('msgid "Left empty"')[0] + 'msgctxt "status"\nmsgid "State"\nmsgstr "État"\n'
    )
    path.write_text(complete, encoding="utf-8")
    assert catalogue_problems(path, {(None, "Translated"), ("status", "State")}) == {
        "missing": [],
        "empty": [],
        "fuzzy": [],
    }

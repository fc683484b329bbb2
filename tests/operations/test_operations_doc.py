"""docs/operations.md documents every setting the processes read from the environment."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "docs" / "operations.md"
SETTINGS_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]+)["']""")
GUNICORN_READ = re.compile(r"""os\.environ\.get\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def settings_section() -> str:
    text = OPERATIONS.read_text(encoding="utf-8")
    start = text.index("\n## Settings\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def environment_names() -> set[str]:
    names = set(SETTINGS_READ.findall((ROOT / "config" / "settings.py").read_text(encoding="utf-8")))
    names |= set(GUNICORN_READ.findall((ROOT / "config" / "gunicorn.py").read_text(encoding="utf-8")))
    return names


def test_the_settings_reference_lists_every_environment_variable():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", settings_section()))
    missing = sorted(environment_names() - documented)
    assert not missing, f"docs/operations.md, Settings, does not document: {', '.join(missing)}"


def test_the_settings_reference_lists_no_setting_that_is_gone():
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", settings_section(), flags=re.MULTILINE))
    gone = sorted(documented - environment_names())
    assert not gone, f"docs/operations.md documents settings nothing reads: {', '.join(gone)}"

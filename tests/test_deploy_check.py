"""`manage.py check --deploy` passes with the production values the README documents."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

README = ROOT / "README.md"
PRODUCTION_BLOCK_INTRO = "Production (`manage.py check --deploy` passes with these):"


def readme_production_env() -> dict[str, str]:
    """The production settings exactly as the README lists them, placeholders filled in.

    Read from the README so the documented settings and the checked ones cannot drift apart:
    `SECRET_KEY=<50+ random characters>` gets a random key; URLs shown as `postgres://...` are the
    operator's own and stay as this machine has them.
    """
    text = README.read_text(encoding="utf-8")
    block = text[text.index(PRODUCTION_BLOCK_INTRO) + len(PRODUCTION_BLOCK_INTRO) :]
    block = block[: block.index("manage.py check --deploy")]
    settings = {}
    for name, value in re.findall(r'\b([A-Z][A-Z0-9_]+)=("[^"]*"|<[^>]*>|\S+)', block):
        value = value.strip('"')
        if value.startswith("<"):
            value = secrets.token_urlsafe(50) if name == "SECRET_KEY" else None
        elif "..." in value:
            value = None
        if value is not None:
            settings[name] = value
    return settings


PRODUCTION_ENV = readme_production_env()


def run_deploy_check(extra: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe calls in this process; a deployment never would.
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **extra},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_passes_with_the_documented_production_settings():
    result = run_deploy_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_with_the_embedded_defaults():
    result = run_deploy_check({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_the_readme_production_settings_turn_on_what_production_needs():
    assert PRODUCTION_ENV["DEBUG"] == "false"
    assert len(PRODUCTION_ENV["SECRET_KEY"]) >= 50
    assert PRODUCTION_ENV["LOG_FORMAT"] == "json"
    assert PRODUCTION_ENV["REQUIRE_STAFF_2FA"] == "true"
    assert PRODUCTION_ENV["ADMINS"] == "Tracker operations <ops@example.org>"

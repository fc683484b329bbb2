#!/usr/bin/env python3
"""The README's two commands: `python3 dev.py run` and `python3 dev.py test`.

Needs only Python 3.11+. Creates .venv, installs the pinned requirements, then either runs the
app on the embedded default (SQLite, Celery in process, demo data, an admin login printed) or
runs the whole test suite with lint and the migrations check. DATABASE_URL and REDIS_URL, when
set, switch both to PostgreSQL and a real Celery broker.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
ADMIN_PASSWORD_FILE = ROOT / ".admin-password"


def sh(*args: str | Path, **kwargs) -> None:
    print("+", " ".join(str(arg) for arg in args), flush=True)
    subprocess.run([str(arg) for arg in args], cwd=ROOT, check=True, **kwargs)  # noqa: S603


def install(requirements: str) -> None:
    """Create the virtual environment and install requirements, skipping work already done."""
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{requirements}"
    wanted = hashlib.sha256(
        b"".join((ROOT / name).read_bytes() for name in ("requirements.txt", requirements))
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    sh(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements)
    stamp.write_text(wanted)


def manage(*args: str, **kwargs) -> None:
    sh(PYTHON, "manage.py", *args, **kwargs)


def admin_login() -> tuple[str, str]:
    """The local superuser's login: its password is made once and kept in .admin-password."""
    if not ADMIN_PASSWORD_FILE.exists():
        ADMIN_PASSWORD_FILE.write_text(secrets.token_urlsafe(12))
        ADMIN_PASSWORD_FILE.chmod(0o600)
    return "admin", ADMIN_PASSWORD_FILE.read_text().strip()


def run() -> None:
    install("requirements.txt")
    manage("migrate", "--noinput")
    manage("load_reference_data")
    manage("load_demo_data")
    username, password = admin_login()
    manage(
        "ensure_superuser",
        "--username",
        username,
        "--password-from-env",
        env={**os.environ, "ADMIN_PASSWORD": password},
    )
    port = os.environ.get("PORT", "8000")
    print(f"\n  Open http://localhost:{port}/  (admin: http://localhost:{port}/admin/)")
    print(f"  Administrator login: {username} / {password}\n", flush=True)
    manage("runserver", f"127.0.0.1:{port}", "--noreload")


def test() -> None:
    install("requirements-dev.txt")
    sh(PYTHON, "-m", "ruff", "check", ".")
    sh(PYTHON, "-m", "ruff", "format", "--check", ".")
    manage("makemigrations", "--check", "--dry-run")
    workers = os.environ.get("TEST_WORKERS", "auto")
    sh(PYTHON, "-m", "pytest", "-n", workers, "--dist", "loadgroup", *sys.argv[2:])


if __name__ == "__main__":
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python3 {Path(__file__).name} run|test [pytest arguments]")
    try:
        commands[sys.argv[1]]()
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)

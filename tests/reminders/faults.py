"""Real workers and beats for the reminder fault tests, and the figures each test reports.

The workers and beats are `celery` subprocesses on Redis, with the test database and the test SMTP
server (tests/fixtures/services.py), under shortened timings (FAULT_ENV) but the production
CELERY_VISIBILITY_TIMEOUT: recovering from a dead worker must not wait for Redis to redeliver.
"""

from __future__ import annotations

import datetime as dt
import os
import shelve
import signal
import subprocess
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from celery import __version__ as celery_version
from celery.beat import ScheduleEntry
from django.conf import settings

from config.celery import app as celery_app
from reminders.choices import ReminderStatus
from reminders.models import Reminder
from tests.fixtures.services import BASE_DIR, CeleryWorkers, SmtpServer, wait_until

# Shortened so a test sees in seconds what production sees in minutes (docs/reminders.md).
FAULT_ENV = {
    "REMINDER_RETRY_BACKOFF_SECONDS": "1",
    "REMINDER_RETRY_BACKOFF_MAX_SECONDS": "4",
    "REMINDER_RETRY_JITTER": "0",
    "REMINDER_CLAIM_LEASE_SECONDS": "3",
    "REMINDER_STRANDED_AFTER_SECONDS": "3",
    "REMINDER_SETTLE_SECONDS": "1",
    "CELERY_VISIBILITY_TIMEOUT": "3600",
    "EMAIL_TIMEOUT": "30",
    "AXES_ENABLED": "0",
}


def fault_seconds(name: str) -> int:
    return int(FAULT_ENV[name])


class Beats:
    """Real `celery beat` processes running the project's schedule against the workers' queue."""

    def __init__(self, workers: CeleryWorkers) -> None:
        self.workers = workers
        self.processes: list[tuple[subprocess.Popen, Path]] = []
        self.directory = Path(tempfile.mkdtemp(prefix="celery-beat-"))

    def start(self, *, sweep_missed: bool = False) -> subprocess.Popen:
        """Start one beat; with `sweep_missed` its schedule file says the daily sweep last ran two
        days ago, so the beat sends the sweep the moment it starts (as after a missed run)."""
        schedule = self.directory / f"schedule-{len(self.processes)}"
        if sweep_missed:
            seed_missed_sweep(schedule)
        log = self.directory / f"beat-{len(self.processes)}.log"
        command = [
            str(BASE_DIR / ".venv/bin/celery"), "-A", "config", "beat", "-s", str(schedule),
            "--pidfile=", "-l", "info", "--max-interval", "1",
        ]  # fmt: skip
        with log.open("wb") as output:
            process = subprocess.Popen(  # noqa: S603  (our own venv's celery, fixed arguments)
                command,
                cwd=BASE_DIR,
                env=self.workers.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append((process, log))
        wait_until(lambda: b"Starting..." in log.read_bytes() or process.poll() is not None, timeout=30)
        if process.poll() is not None:
            pytest.fail(f"celery beat exited:\n{log.read_text()}")
        return process

    def stop_all(self) -> None:
        for process, _log in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(log.read_text(errors="replace") for _process, log in self.processes if log.exists())


def seed_missed_sweep(path: Path) -> None:
    """A beat schedule file whose daily sweep last ran two days ago (celery.beat.PersistentScheduler)."""
    name = "reminders-daily-sweep"
    entry = ScheduleEntry(
        name=name,
        task=settings.CELERY_BEAT_SCHEDULE[name]["task"],
        schedule=settings.CELERY_BEAT_SCHEDULE[name]["schedule"],
        last_run_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
        app=celery_app,
    )
    with shelve.open(str(path)) as store:  # noqa: S301  (our own file, written here)
        store["entries"] = {name: entry}
        store["__version__"] = celery_version
        store["tz"] = celery_app.conf.timezone
        store["utc_enabled"] = celery_app.conf.enable_utc


@dataclass(frozen=True)
class Figures:
    """What happened to the due reminders, counted from the SMTP server's side and the log."""

    due: int
    delivered: int  # reminders the server received at least once
    duplicated: int  # messages beyond the first per reminder
    lost: int  # reminders neither received nor recorded as uncertain or failed
    uncertain: int
    failed: int

    def report(self, name: str, **measured: float) -> str:
        """Print the figures (and any timing measured, in seconds) on one line the issue can quote."""
        figures = {**asdict(self), **{key: f"{value:.1f}s" for key, value in measured.items()}}
        line = " ".join(f"{key}={value}" for key, value in figures.items())
        print(f"\nREMINDER FAULT FIGURES {name}: {line}")  # The issue quotes these lines.
        return line


def message_reminder_id(message) -> int | None:
    """The reminder a delivered message is for, from its Message-ID <reminder-<id>@host>."""
    message_id = message.message["Message-ID"] or ""
    if not message_id.startswith("<reminder-"):
        return None
    return int(message_id.removeprefix("<reminder-").split("@")[0])


def delivery_figures(smtp_server: SmtpServer) -> Figures:
    """Count every reminder in the log against the messages the SMTP server received."""
    received = Counter(message_reminder_id(message) for message in smtp_server.messages)
    statuses = dict(Reminder.objects.values_list("pk", "status"))
    delivered = [pk for pk in statuses if received[pk]]
    return Figures(
        due=len(statuses),
        delivered=len(delivered),
        duplicated=sum(received[pk] - 1 for pk in delivered),
        lost=sum(
            1
            for pk, status in statuses.items()
            if not received[pk] and status not in (ReminderStatus.UNCERTAIN, ReminderStatus.FAILED)
        ),
        uncertain=sum(1 for status in statuses.values() if status == ReminderStatus.UNCERTAIN),
        failed=sum(1 for status in statuses.values() if status == ReminderStatus.FAILED),
    )


def all_settled() -> bool:
    """No reminder is waiting or being sent any more (and there is at least one)."""
    reminders = Reminder.objects.all()
    busy = reminders.filter(status__in=[ReminderStatus.PENDING, ReminderStatus.SENDING])
    return reminders.exists() and not busy.exists()

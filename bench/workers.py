"""Measurements that need a fresh process: `python -m bench.workers sweep|csv` prints one JSON line.

A fresh process gives a clean memory baseline for the CSV export and its own database for the sweep.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time

import django

# The CSV export stops after this many seconds and reports how far it got (partial: true).
CSV_BUDGET_SECONDS = int(os.environ.get("BENCH_CSV_BUDGET_SECONDS", "300"))
ARRANGED_PLEDGES = 100
ARRANGED_FOLLOW_UPS = 50


def _resident_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_resident_bytes() -> int:
    """This process's resident high-water mark (VmHWM), its own since exec.

    Not `getrusage(...).ru_maxrss`: Linux carries the parent's peak across fork and exec into it,
    so a worker started by a large bench process would report the parent's memory as its own.
    """
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # no /proc: kilobytes on Linux


def csv_export() -> dict:
    """Stream every pledge as CSV through the full stack; rows per second and peak memory growth."""
    import gc

    from django.test import Client

    from engagement.models import User
    from pledges.models import Pledge

    client = Client()
    client.force_login(User.objects.filter(is_staff=True).order_by("pk").first())
    client.get("/api/v1/pledges/?page_size=1", HTTP_ACCEPT="application/json")  # warm imports and caches
    expected = Pledge.objects.count()
    gc.collect()
    start_rss = _resident_bytes()
    started = time.perf_counter()
    response = client.get("/api/v1/pledges/?format=csv")
    lines = size = 0
    partial = False
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
        if time.perf_counter() - started > CSV_BUDGET_SECONDS:
            partial = True
            break
    elapsed = time.perf_counter() - started
    peak = _peak_resident_bytes()
    return {
        "status": response.status_code,
        "rows": lines - 1,
        "expected_rows": expected,
        "partial": partial,
        "seconds": round(elapsed, 2),
        "rows_per_second": round((lines - 1) / elapsed) if elapsed else None,
        "megabytes_sent": round(size / 2**20, 1),
        "peak_memory_above_start_mb": round((peak - start_rss) / 2**20, 1),
    }


def _arrange_due_items(today) -> dict:
    """Make exactly the same items due in every database: the first open pledges and follow-ups by id."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from meetings.models import FollowUpAction
    from pledges.choices import FINAL_STATUSES
    from pledges.models import Pledge
    from reminders.models import Reminder

    # The day of the "before" reminder is today: inside every catch-up window.
    report_due = today + dt.timedelta(days=settings.REMINDER_PLEDGE_DAYS_BEFORE)
    action_due = today + dt.timedelta(days=1)
    pledges = list(
        Pledge.objects.exclude(status__in=FINAL_STATUSES).order_by("pk").values_list("pk", flat=True)
    )[:ARRANGED_PLEDGES]
    actions = list(FollowUpAction.objects.filter(status="open").order_by("pk").values_list("pk", flat=True))[
        :ARRANGED_FOLLOW_UPS
    ]
    # A previous bench run may have reminded these very reasons: forget it, so they are due again.
    for model, ids, due in ((Pledge, pledges, report_due), (FollowUpAction, actions, action_due)):
        kind = ContentType.objects.get_for_model(model)
        Reminder.objects.filter(content_type=kind, object_id__in=ids, due_date=due).delete()
    Pledge.objects.filter(pk__in=pledges).update(next_report_due=report_due)
    FollowUpAction.objects.filter(pk__in=actions).update(due_date=action_due)
    return {"pledges": len(pledges), "follow_ups": len(actions)}


def sweep() -> dict:
    """Time the backlog day's sweep, arrange the same due items as every other database, time the
    sweep of the day after (those items), then an idle sweep (nothing due); in process."""
    from django.core import mail
    from django.core.management import call_command
    from django.db.models import Max
    from django.utils import timezone

    from pledges.models import Pledge
    from reminders.models import Reminder

    quiet = io.StringIO()
    highest = Reminder.objects.aggregate(top=Max("pk"))["top"] or 0
    mail.outbox = []
    started = time.perf_counter()
    call_command("send_reminders", stdout=quiet)
    flush_seconds = time.perf_counter() - started
    flushed = Reminder.objects.filter(pk__gt=highest).count()
    flushed_sent = len(getattr(mail, "outbox", []))
    arranged = _arrange_due_items(timezone.localdate())
    highest = Reminder.objects.aggregate(top=Max("pk"))["top"] or 0
    mail.outbox = []
    started = time.perf_counter()
    call_command("send_reminders", stdout=quiet)
    seconds = time.perf_counter() - started
    created = Reminder.objects.filter(pk__gt=highest).count()
    sent = len(getattr(mail, "outbox", []))
    started = time.perf_counter()
    call_command("send_reminders", stdout=quiet)
    idle_seconds = time.perf_counter() - started
    return {
        "pledges": Pledge.objects.count(),
        "arranged": arranged,
        "reminders_created": created,
        "emails_sent": sent,
        "seconds": round(seconds, 3),
        "ms_per_reminder": round(seconds * 1000 / created, 2) if created else None,
        "idle_seconds": round(idle_seconds, 3),
        "backlog_reminders_created": flushed,
        "backlog_emails_sent": flushed_sent,
        "backlog_flush_seconds": round(flush_seconds, 2),
        "backlog_ms_per_reminder": round(flush_seconds * 1000 / flushed, 2) if flushed else None,
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    job = {"csv": csv_export, "sweep": sweep}[sys.argv[1]]
    print(json.dumps(job()))


if __name__ == "__main__":
    main()

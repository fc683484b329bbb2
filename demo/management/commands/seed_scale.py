"""`manage.py seed_scale --factor N [--seed S] [--as-of YYYY-MM-DD] [--force]`: benchmark data."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.scale.plan import PER_FACTOR, ScalePlan
from demo.scale.seed import SeedRefused, scale_seed


class Command(BaseCommand):
    help = (
        "Generate N times the N=1 volumes ("
        + ", ".join(f"{count:,} {kind}" for kind, count in PER_FACTOR.items())
        + ") with bulk inserts (COPY on PostgreSQL). Deterministic for a seed and an as-of date. "
        "Refuses a database that holds pledges unless --force, which appends."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, required=True, help="N: 1 is 500 pledges, 100 is 50,000.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="The day the data is 'now' for (default today): due and overdue dates count from it.",
        )
        parser.add_argument("--force", action="store_true", help="Append even if pledges already exist.")

    def handle(self, *args, factor: int, seed: int, as_of: dt.date | None, force: bool, **options):
        if factor < 1:
            raise CommandError("--factor must be at least 1.")
        plan = ScalePlan(factor=factor, seed=seed, as_of=as_of or timezone.localdate())
        started = time.perf_counter()
        try:
            counts = scale_seed(plan=plan, force=force, log=self.stdout.write)
        except SeedRefused as error:
            raise CommandError(
                "This database already holds pledges; use --force to append, or seed an empty database."
            ) from error
        summary = ", ".join(f"{count:,} {kind}" for kind, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Seeded N={factor} in {time.perf_counter() - started:.1f}s: {summary}")
        )

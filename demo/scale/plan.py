"""How many rows of each kind a scale factor asks for, and the random draws they share."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

# Per unit of factor (N=1); every volume scales linearly with N.
PER_FACTOR = {
    "meetings": 1000,
    "visits": 20,
    "pledges": 500,
    "reports": 2500,
    "follow_ups": 200,
    "reminders": 2000,
}
# The office's whole history that the generator spreads records over.
HISTORY_START = dt.date(2023, 1, 1)
BOGOTA_DAYS = (dt.date(2024, 11, 7), dt.date(2024, 11, 8))
# Zipf exponent of pledges (and meetings) per State: the top State holds about a fifth.
STATE_ZIPF_EXPONENT = 1.1
STAFF_ACCOUNTS = 12
VIEWER_ACCOUNTS = 6
FOCAL_POINTS_PER_STATE = 2
# Share of pledges whose latest report is overdue at the as-of date; the rest are on time.
OVERDUE_SHARE = 0.12
LATE_REPORT_SHARE = 0.15


@dataclass(frozen=True)
class ScalePlan:
    """Volumes for one run: `factor` times the N=1 counts, dated up to `as_of`."""

    factor: int
    seed: int
    as_of: dt.date

    def count(self, kind: str) -> int:
        return PER_FACTOR[kind] * self.factor

    @property
    def now(self) -> dt.datetime:
        return dt.datetime.combine(self.as_of, dt.time(12), tzinfo=dt.UTC)


class Draws:
    """Seeded random draws; one instance per table so each table's rows depend only on the seed."""

    def __init__(self, seed: int, table: str) -> None:
        # Reproducible test data, not secrets: a seeded PRNG is the point here.
        self.random = random.Random(f"{seed}:{table}")  # noqa: S311

    def weighted(self, options: dict, k: int) -> list:
        return self.random.choices(list(options), weights=list(options.values()), k=k)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = max((end - start).days, 0)
        return start + dt.timedelta(days=self.random.randint(0, span))

    def sample(self, population: list, low: int, high: int) -> list:
        return self.random.sample(population, self.random.randint(low, min(high, len(population))))


def zipf_weights(count: int, exponent: float = STATE_ZIPF_EXPONENT) -> list[float]:
    """Weights 1/rank^s for ranks 1..count: a few heavy items and a long tail."""
    return [1 / (rank**exponent) for rank in range(1, count + 1)]

"""Timing helpers: calls interleaved with their baselines, medians and spread, the load average."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded (what else the machine was doing)."""
    return [round(value, 2) for value in os.getloadavg()]


@dataclass
class Timing:
    """Wall-clock times of repeated calls, in milliseconds."""

    samples_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    def quantile(self, fraction: float) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0]
        cuts = statistics.quantiles(self.samples_ms, n=20, method="inclusive")
        return cuts[round(fraction * 20) - 1]

    def as_dict(self) -> dict:
        return {
            "median_ms": round(self.median_ms, 2),
            "p10_ms": round(self.quantile(0.10), 2),
            "p90_ms": round(self.quantile(0.90), 2),
            "runs": len(self.samples_ms),
        }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return round(numerator / denominator, 2) if numerator is not None and denominator else None


def interleaved(
    calls: dict[str, Callable[[], object]], *, repeats: int, warmup: int = 2
) -> dict[str, Timing]:
    """Time each call `repeats` times, in turn (A, B, A, B...), so all see the same machine.

    `warmup` untimed rounds first: imports, caches, prepared statements, the pooled connection.
    """
    for _ in range(warmup):
        for call in calls.values():
            call()
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: Timing(times) for name, times in samples.items()}

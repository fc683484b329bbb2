"""Timing helpers: repeated calls, median and 95th percentile, and the queries one call makes."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Timing:
    """Wall-clock times of repeated calls, in milliseconds, and the queries of one call."""

    samples_ms: list[float]
    queries: int | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        if len(self.samples_ms) < 2:
            return self.samples_ms[0]
        return statistics.quantiles(self.samples_ms, n=20, method="inclusive")[-1]

    def as_dict(self) -> dict:
        return {
            "median_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "runs": len(self.samples_ms),
            "queries": self.queries,
        }


def measure(call: Callable[[int], object], *, repeats: int, warmup: int = 2) -> Timing:
    """Time `call(i)` `repeats` times after `warmup` untimed calls; count the queries of one more.

    Query capture forces Django's debug cursor, so it runs apart from the timed calls.
    """
    for index in range(warmup):
        call(-1 - index)
    samples = []
    for index in range(repeats):
        started = time.perf_counter()
        call(index)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call(repeats)
    return Timing(samples, len(captured.captured_queries))


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def measure_pair(
    endpoint: Callable[[int], object], baseline: Callable[[int], object], *, repeats: int, warmup: int = 2
) -> tuple[Timing, Timing]:
    """Time an endpoint and its baseline alternately, so both see the same load on a shared machine."""
    for index in range(warmup):
        endpoint(-1 - index)
        baseline(-1 - index)
    samples: tuple[list[float], list[float]] = ([], [])
    for index in range(repeats):
        for call, times in ((endpoint, samples[0]), (baseline, samples[1])):
            started = time.perf_counter()
            call(index)
            times.append((time.perf_counter() - started) * 1000)
    counts = []
    for call in (endpoint, baseline):
        with CaptureQueriesContext(connection) as captured:
            call(repeats)
        counts.append(len(captured.captured_queries))
    return Timing(samples[0], counts[0]), Timing(samples[1], counts[1])

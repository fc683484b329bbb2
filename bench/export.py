"""The CSV export against its floor, `COPY (SELECT the same columns) TO STDOUT`, in rows per second."""

from __future__ import annotations

import csv
import io
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.test import Client
from django.utils import timezone

from bench import floors
from bench.timing import load_average

CSV_PATH = "/api/v1/pledges/?format=csv"


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def csv_floor(floor_db: floors.FloorConnection) -> floors.Floor:
    return floors.pledge_csv(
        today=timezone.localdate(),
        stored_verification=floor_db.has_stored_verification,
        stale_cycles=settings.PLEDGE_STALE_AFTER_CYCLES,
    )


def check_csv_equal(floor_db: floors.FloorConnection, staff) -> int:
    """The whole export, read in process, must parse to the same rows as COPY's; returns the rows."""
    client = Client()
    client.force_login(staff)
    response = client.get(CSV_PATH)
    if response.status_code != 200:
        raise floors.FloorMismatch(f"CSV export answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    exported = _rows(body)
    copied = _rows(floor_db.copy(csv_floor(floor_db))[0])
    if exported != copied:
        if len(exported) != len(copied):
            raise floors.FloorMismatch(f"CSV: {len(exported)} lines exported against {len(copied)} from COPY")
        index, (left, right) = next(
            (i, pair) for i, pair in enumerate(zip(exported, copied, strict=True)) if pair[0] != pair[1]
        )
        cells = [(exported[0][j], a, b) for j, (a, b) in enumerate(zip(left, right, strict=False)) if a != b][
            :3
        ]
        raise floors.FloorMismatch(f"CSV line {index} differs from COPY's: {cells or (left, right)}")
    return len(exported) - 1


def measure_csv(
    floor_db: floors.FloorConnection, staff, *, repeats: int, export: Callable[[], dict], log
) -> dict:
    """Check the export equals COPY's rows, then run COPY and the export in turn `repeats` times.

    `export` runs one export in a fresh process (bench.workers csv): rows per second and the
    worker's memory growth. The first export's memory is the target's ("its first export").
    """
    rows = check_csv_equal(floor_db, staff)
    log(f"  CSV equals COPY's output ({rows} rows)")
    floor = csv_floor(floor_db)
    copies, exports = [], []
    load_before = load_average()
    for _ in range(repeats):
        started = time.perf_counter()
        _, copied = floor_db.copy(floor)
        copies.append(copied / (time.perf_counter() - started))
        exports.append(export())
    failed = [run for run in exports if "error" in run]
    if failed:
        return {"error": failed[0]["error"], "copy_rows_per_second": round(statistics.median(copies))}
    export_rate = statistics.median(run["rows_per_second"] for run in exports)
    copy_rate = statistics.median(copies)
    return {
        "rows": rows,
        "checked_equal": True,
        "runs": repeats,
        "export_rows_per_second": round(export_rate),
        "copy_rows_per_second": round(copy_rate),
        "of_copy": round(export_rate / copy_rate, 3),
        "export": exports[0],
        "exports": exports,
        "load_before": load_before,
        "load_after": load_average(),
    }

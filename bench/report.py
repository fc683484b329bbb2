"""The benchmark's outputs: targets checked, a plain-text table, and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path

AGGREGATE_TARGET = 1.5
LIST_TARGET = 2.0
SWEEP_TARGET = 1.5
CSV_MEMORY_TARGET_MB = 100


def check_targets(results: dict) -> list[dict]:
    """Each target of the issue with its measured value and whether it was met."""
    checks = []
    for row in results["endpoints"]:
        if "ratio" not in row:
            continue
        limit = LIST_TARGET if row["name"].startswith("pledge list") else AGGREGATE_TARGET
        checks.append(
            {
                "target": f"{row['name']} / baseline <= {limit}",
                "value": row["ratio"],
                "met": _le(row["ratio"], limit),
            }
        )
    sweep = results.get("sweep") or {}
    if sweep.get("ratio") is not None:
        checks.append(
            {
                "target": f"sweep N=100 / N=10 < {SWEEP_TARGET}",
                "value": sweep["ratio"],
                "met": sweep["ratio"] < SWEEP_TARGET,
            }
        )
    csv = results.get("csv") or {}
    if csv.get("partial"):
        checks.append({"target": "CSV export of every pledge", "value": f"{csv['rows']} rows", "met": False})
    if "peak_memory_above_start_mb" in csv:
        value = csv["peak_memory_above_start_mb"]
        checks.append(
            {
                "target": f"CSV peak memory < {CSV_MEMORY_TARGET_MB} MB",
                "value": value,
                "met": value < CSV_MEMORY_TARGET_MB,
            }
        )
    return checks


def _le(value, limit) -> bool:
    return value is not None and value <= limit


def table(results: dict) -> str:
    """A plain-text rendering of the results, as printed at the end of a run."""
    lines = [
        f"N={results['factor']}  {results['database']}  {results['started_at']}  commit {results['commit']}",
        "",
    ]
    lines.append(
        f"{'endpoint':40} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'base ms':>9} {'ratio':>6}"
    )
    for row in results["endpoints"]:
        if "error" in row:
            lines.append(f"{row['name']:40} FAILED: {row['error'][:80]}")
            continue
        base = row.get("baseline", {})
        lines.append(
            f"{row['name']:40} {row['median_ms']:>10} {row['p95_ms']:>9} {row['queries']:>8} "
            f"{base.get('median_ms', ''):>9} {row.get('ratio') or '':>6}"
        )
    sweep = results.get("sweep")
    if sweep:
        lines += ["", "reminder sweep (same items due):"]
        for label, run in sweep.get("runs", {}).items():
            lines.append(
                f"  {label:6} {run.get('pledges', '?'):>7} pledges: {run.get('seconds')} s, "
                f"{run.get('reminders_created')} reminders, idle sweep {run.get('idle_seconds')} s"
                if "error" not in run
                else f"  {label:6} FAILED: {run['error'][:100]}"
            )
        lines.append(f"  ratio N=100/N=10: {sweep.get('ratio')}")
    csv = results.get("csv")
    if csv:
        lines += ["", f"CSV export: {csv}"]
    for row in results.get("load", []):
        lines.append(
            f"load {row['name']}: {row['requests_per_second']} req/s, {row['errors']} errors "
            f"({row['requests']} requests, {row['connections']} connections, "
            f"{row['seconds']} s, {row['tool']})"
        )
    lines += ["", "targets:"]
    for check in results.get("targets", []):
        lines.append(f"  [{'met' if check['met'] else 'NOT MET'}] {check['target']}: {check['value']}")
    return "\n".join(lines)


def write_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")

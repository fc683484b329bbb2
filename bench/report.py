"""The benchmark's outputs: the issue's targets checked, a plain-text table, and the JSON file."""

from __future__ import annotations

import json
from pathlib import Path

CSV_TARGET = 0.45  # of COPY's rows per second
CSV_MEMORY_TARGET_MB = 50
SWEEP_MS_TARGET = 5.0  # per reminder recorded and sent
IDLE_SWEEP_SPREAD = 0.2  # N=100 within 20 % of N=10


def check_targets(results: dict) -> list[dict]:
    """Each target of the issue with its measured value and whether it was met."""
    return [
        *_endpoint_checks(results["endpoints"]),
        *_csv_checks(results.get("csv") or {}),
        *_load_checks(results.get("load") or {}),
        *_sweep_checks(results.get("sweep") or {}),
    ]


def _endpoint_checks(rows: list[dict]) -> list[dict]:
    checks = []
    for row in rows:
        if "ratio" in row:
            base = "no-op" if "noop" in row else "floor"
            checks.append(_check(f"{row['name']}: app / {base} <= {row['target']}", row["ratio"], row["met"]))
        elif "error" in row:
            checks.append(_check(f"{row['name']}", row["error"][:120], False))
    return checks


def _csv_checks(csv: dict) -> list[dict]:
    checks = []
    if csv.get("of_copy") is not None:
        value = csv["of_copy"]
        checks.append(_check(f"CSV rows/s >= {CSV_TARGET} x COPY's", value, value >= CSV_TARGET))
    export = csv.get("export") or {}
    if export.get("partial"):
        checks.append(_check("CSV export of every pledge", f"{export['rows']} rows", False))
    if "peak_memory_above_start_mb" in export:
        value = export["peak_memory_above_start_mb"]
        limit = CSV_MEMORY_TARGET_MB
        checks.append(
            _check(f"CSV worker memory growth over its first export <= {limit} MB", value, value <= limit)
        )
    return checks


def _load_checks(load: dict) -> list[dict]:
    return [
        _check(
            f"throughput, {row['name']} / no-op >= {load['target']}",
            row["of_noop"],
            row["of_noop"] >= load["target"],
        )
        for row in load.get("rows", [])
        if row["name"].startswith("pledge list") and "of_noop" in row
    ]


def _sweep_checks(sweep: dict) -> list[dict]:
    checks = []
    for label, run in (sweep.get("runs") or {}).items():
        days = (("backlog_ms_per_reminder", "backlog day"), ("ms_per_reminder", "arranged due items"))
        for key, day in days:
            if run.get(key) is not None:
                target = f"sweep {label}, {day}: ms per reminder <= {SWEEP_MS_TARGET}"
                checks.append(_check(target, run[key], run[key] <= SWEEP_MS_TARGET))
    if sweep.get("idle_ratio") is not None:
        value = sweep["idle_ratio"]
        target = f"idle sweep N=100 / N=10 within {IDLE_SWEEP_SPREAD:.0%}"
        checks.append(_check(target, value, abs(value - 1) <= IDLE_SWEEP_SPREAD))
    return checks


def _check(target: str, value, met: bool) -> dict:
    return {"target": target, "value": value, "met": bool(met)}


def _ms(timing: dict | None) -> str:
    if not timing:
        return ""
    return f"{timing['median_ms']} [{timing['p10_ms']}-{timing['p90_ms']}]"


def table(results: dict) -> str:
    """A plain-text rendering of the results, as printed at the end of a run."""
    lines = [
        f"N={results['factor']}  {results['database']}  {results['started_at']}  commit {results['commit']}  "
        f"load {results['load_average_start']} -> {results.get('load_average_end')}",
        "",
        "median ms [p10-p90]",
        f"{'request':62} {'app':>22} {'peer':>20} {'floor / no-op':>22} {'ratio':>6} {'target':>7} queries",
    ]
    for row in results["endpoints"]:
        if "error" in row:
            lines.append(f"{row['name']:62} FAILED: {row['error'][:100]}")
            continue
        base = row.get("floor") or row.get("noop")
        verdict = "met" if row["met"] else "NOT MET"
        lines.append(
            f"{row['name']:62} {_ms(row['app']):>22} {_ms(row.get('peer')):>20} {_ms(base):>22} "
            f"{row['ratio']:>6} {row['target']:>4} {verdict:7} {row['queries']}"
        )
    csv = results.get("csv")
    if csv:
        lines += ["", f"CSV: {json.dumps(csv)}"]
    for row in (results.get("load") or {}).get("rows", []):
        lines.append(
            f"load {row['name']}: {row['requests_per_second']} req/s ({row.get('of_noop', '-')} of no-op), "
            f"{row['errors']} errors ({row['requests']} requests, {row['connections']} connections, "
            f"{row['workers']} workers, {row['seconds']} s, {row['tool']})"
        )
    sweep = results.get("sweep")
    if sweep:
        lines += ["", "reminder sweep:"]
        for label, run in sweep.get("runs", {}).items():
            lines.append(f"  {label}: {json.dumps(run)}")
        lines.append(f"  idle ratio N=100/N=10: {sweep.get('idle_ratio')}")
    lines += ["", "targets:"]
    for check in results.get("targets", []):
        lines.append(f"  [{'met' if check['met'] else 'NOT MET'}] {check['target']}: {check['value']}")
    return "\n".join(lines)


def write_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")


def markdown(results: dict) -> str:
    """The README's table: each row with app, peer, floor (or no-op), ratio, target and verdict."""
    lines = [
        "| request | app | peer | floor | ratio | target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in results["endpoints"]:
        if "error" in row:
            lines.append(f"| {row['name']} | FAILED: {row['error'][:80]} | | | | | no |")
            continue
        base = row.get("floor") or row.get("noop")
        floor = _md_ms(base) + (" (no-op)" if "noop" in row else "")
        lines.append(
            f"| {row['name']} | {_md_ms(row['app'])} | {_md_ms(row.get('peer'))} | {floor} | "
            f"{row['ratio']} | ≤ {row['target']} | {_verdict(row['met'])} |"
        )
    lines += _markdown_csv(results.get("csv") or {})
    load = results.get("load") or {}
    noop = next((row for row in load.get("rows", []) if row["name"] == "no-op"), None)
    for row in load.get("rows", []):
        if row["name"] == "no-op" or noop is None:
            continue
        target = load["target"] if row["name"].startswith("pledge list") else None
        met = _verdict(row["of_noop"] >= target) if target else ""
        lines.append(
            f"| throughput, {row['name']}, {row['connections']} connections, {row['workers']} workers | "
            f"{row['requests_per_second']:,} req/s | | {noop['requests_per_second']:,} req/s (no-op) | "
            f"{row['of_noop']} | {f'≥ {target}' if target else ''} | {met} |"
        )
    for label, run in ((results.get("sweep") or {}).get("runs") or {}).items():
        if "error" in run:
            lines.append(f"| reminder sweep {label} | FAILED: {run['error'][:80]} | | | | | no |")
            continue
        for key, seconds, count, day in (
            ("backlog_ms_per_reminder", "backlog_flush_seconds", "backlog_reminders_created", "backlog day"),
            ("ms_per_reminder", "seconds", "reminders_created", "arranged due items"),
        ):
            value = run.get(key)
            met = _verdict(value is not None and value <= SWEEP_MS_TARGET)
            lines.append(
                f"| reminder sweep {label}, {day} | {value} ms per reminder "
                f"({run[count]:,} in {run[seconds]} s) | | | | ≤ {SWEEP_MS_TARGET} ms | {met} |"
            )
        lines.append(f"| idle sweep {label} | {run['idle_seconds'] * 1000:.0f} ms | | | | | |")
    sweep = results.get("sweep") or {}
    if sweep.get("idle_ratio") is not None:
        value = sweep["idle_ratio"]
        lines.append(
            f"| idle sweep, N=100 / N=10 | | | | {value} | within {IDLE_SWEEP_SPREAD:.0%} "
            f"| {_verdict(abs(value - 1) <= IDLE_SWEEP_SPREAD)} |"
        )
    return "\n".join(lines)


def _markdown_csv(csv: dict) -> list[str]:
    if "of_copy" not in csv:
        return [f"| CSV export | FAILED: {csv.get('error', 'not run')} | | | | | no |"] if csv else []
    export = csv["export"]
    memory = export["peak_memory_above_start_mb"]
    return [
        f"| CSV of {csv['rows']:,} pledges | {csv['export_rows_per_second']:,} rows/s | | "
        f"{csv['copy_rows_per_second']:,} rows/s (`COPY`) | {csv['of_copy']} | ≥ {CSV_TARGET} | "
        f"{_verdict(csv['of_copy'] >= CSV_TARGET)} |",
        f"| CSV worker memory growth, first export | {memory} MB | | | | ≤ {CSV_MEMORY_TARGET_MB} MB "
        f"| {_verdict(memory <= CSV_MEMORY_TARGET_MB)} |",
    ]


def _md_ms(timing: dict | None) -> str:
    if not timing:
        return ""
    return f"{timing['median_ms']} ms ({timing['p10_ms']}-{timing['p90_ms']})"


def _verdict(met: bool) -> str:
    return "met" if met else "**NOT MET**"

"""The soak run's summary: per process and per table, warm-up end vs end, growth per minute.

Tables are classified by design: ``flat`` ones are emptied by retention at the
soak's short periods and must stop growing after warm-up; ``bounded`` ones are
retention-managed on a horizon longer than any soak (inbox rows wait for their
event to leave every Redis stream, less a 1 h clock-skew margin; idempotency
keys wait for their 30-day TTL); ``grows`` ones are the book of record, the
audit log and history, which grow with activity by design; ``config`` is the
rest (users, the universe, settings), which only change when someone edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.soak_sampling import slope_per_min

GROWS = {
    "registry.audit_events",
    "registry.notifications",  # unread ones stay until read; read ones are retention's
    "ledger.batches",
    "ledger.entries",
    "engine.snapshots",
    "engine.runs",
    "engine.recommendations",
    "engine.recommendation_approvals",
    "oms.orders",
    "oms.order_events",
    "oms.fills",
    "oms.fill_bookings",
    "oms.dead_letters",
    "marketdata.fx_rates",
    "marketdata.alerts",  # open alerts stay until resolved
}
FLAT_TABLES = {"marketdata.task_runs", "marketdata.price_points"}
# A process whose resident memory grows faster than this after warm-up is flagged.
RSS_LIMIT_MB_PER_MIN = 0.25


def classify(table: str) -> str:
    """``flat``, ``bounded``, ``grows`` or ``config`` (module doc)."""
    name = table.split(".", 1)[1]
    if name == "outbox" or table in FLAT_TABLES:
        return "flat"
    if name in ("inbox", "idempotency_keys"):
        return "bounded"
    if table in GROWS:
        return "grows"
    return "config"


def _series(samples: Sequence[dict[str, Any]], pick: Any) -> list[tuple[float, float]]:
    points = []
    for sample in samples:
        value = pick(sample)
        if value is not None:
            points.append((sample["t_s"], float(value)))
    return points


def _split(samples: Sequence[dict[str, Any]], warmup_s: float) -> tuple[dict[str, Any], list[Any]]:
    after = [s for s in samples if s["t_s"] >= warmup_s] or list(samples[-1:])
    return after[0], after


def _detail(
    after: Sequence[dict[str, Any]], first: dict[str, Any], last: dict[str, Any], role: str
) -> dict[str, Any]:
    """Threads and files at warm-up end and at end; slope of each kind of mapping."""
    if role not in last.get("proc", {}) or role not in first.get("proc", {}):
        return {}
    warm, end = first["proc"][role], last["proc"][role]
    detail: dict[str, Any] = {
        "threads_warm_end": [warm["threads"], end["threads"]],
        "fds_warm_end": [warm["fds"], end["fds"]],
    }
    for kind in ("heap_mb", "anon_mb", "files_mb"):
        series = _series(after, lambda s, k=kind: s.get("proc", {}).get(role, {}).get(k))
        detail[f"{kind.removesuffix('_mb')}_mb_per_min"] = round(slope_per_min(series), 3)
    return detail


def summarise(samples: Sequence[dict[str, Any]], warmup_s: float) -> dict[str, Any]:
    """Per process and per table: at warm-up end, at end, max, and the post-warm-up slope."""
    first, after = _split(samples, warmup_s)
    last = samples[-1]
    processes = {}
    for role in sorted(last["rss"]):
        series = _series(after, lambda s, r=role: s["rss"].get(r))
        slope = slope_per_min(series)
        # The second half of the post-warm-up samples alone: does the growth level off?
        late = slope_per_min(series[len(series) // 2 :])
        processes[role] = {
            "rss_warm_mb": first["rss"].get(role),
            "rss_end_mb": last["rss"].get(role),
            "rss_max_mb": max(s["rss"].get(role, 0) for s in samples),
            "slope_mb_per_min": round(slope, 3),
            "late_slope_mb_per_min": round(late, 3),
            "verdict": "flat" if slope <= RSS_LIMIT_MB_PER_MIN else "GROWING",
            **_detail(after, first, last, role),
        }
    tables = {}
    for table in sorted(last["tables"]):
        rows = _series(after, lambda s, t=table: s["tables"].get(t, {}).get("rows"))
        size = _series(after, lambda s, t=table: s["tables"].get(t, {}).get("bytes"))
        warm, end = first["tables"].get(table, {}), last["tables"][table]
        kind = classify(table)
        rows_per_min = slope_per_min(rows)
        verdict = ""
        if kind == "flat":
            # Flat: the post-warm-up trend adds under 10 % of the warm-up rows over the run.
            span_min = max((rows[-1][0] - rows[0][0]) / 60, 1 / 60) if rows else 1
            limit = max(0.1 * (warm.get("rows") or 0), 5) / span_min
            verdict = "flat" if rows_per_min <= limit else "GROWING"
        tables[table] = {
            "class": kind,
            "rows_warm": warm.get("rows"),
            "rows_end": end["rows"],
            "rows_per_min": round(rows_per_min, 2),
            "kb_warm": round((warm.get("bytes") or 0) / 1024),
            "kb_end": round(end["bytes"] / 1024),
            "kb_per_min": round(slope_per_min(size) / 1024, 2),
            "verdict": verdict,
        }
    redis = {
        "keys_mb_warm": first["redis"].get("keys_mb"),
        "keys_mb_end": last["redis"].get("keys_mb"),
        "keys_mb_per_min": round(
            slope_per_min(_series(after, lambda s: s["redis"].get("keys_mb"))), 3
        ),
        "used_memory_mb_warm": first["redis"]["used_memory_mb"],
        "used_memory_mb_end": last["redis"]["used_memory_mb"],
        "used_memory_mb_per_min": round(
            slope_per_min(_series(after, lambda s: s["redis"]["used_memory_mb"])), 3
        ),
        "stream_entries_warm": sum(first["redis"]["streams"].values()),
        "stream_entries_end": sum(last["redis"]["streams"].values()),
    }
    return {"processes": processes, "tables": tables, "redis": redis}


def print_summary(
    summary: dict[str, Any], removed: dict[str, int], activity: dict[str, int]
) -> None:
    """The summary as plain-text tables on stdout."""
    print("\nprocess    RSS warm-up end  end      max      slope  last half (MB/min)")
    for role, p in summary["processes"].items():
        print(
            f"  {role:<10} {p['rss_warm_mb'] or 0:>8.1f} MB {p['rss_end_mb'] or 0:>7.1f} MB"
            f" {p['rss_max_mb']:>7.1f} MB {p['slope_mb_per_min']:>+8.3f}"
            f" {p['late_slope_mb_per_min']:>+8.3f}  {p['verdict']}"
        )
    print("\nprocess    threads     fds         heap/anon/files slope (MB/min)")
    for role, p in summary["processes"].items():
        if "threads_warm_end" not in p:
            continue
        print(
            f"  {role:<10} {'→'.join(map(str, p['threads_warm_end'])):<11}"
            f" {'→'.join(map(str, p['fds_warm_end'])):<11}"
            f" {p['heap_mb_per_min']:+.3f} / {p['anon_mb_per_min']:+.3f}"
            f" / {p['files_mb_per_min']:+.3f}"
        )
    print(f"\n{'table':<38} class    rows warm/end  rows/min   kB warm/end  kB/min")
    for table, t in summary["tables"].items():
        if t["class"] == "config" and t["rows_per_min"] == 0:
            continue
        print(
            f"  {table:<36} {t['class']:<8} {t['rows_warm'] or 0:>6}/{t['rows_end']:<7}"
            f" {t['rows_per_min']:>+8.2f} {t['kb_warm']:>6}/{t['kb_end']:<6}"
            f" {t['kb_per_min']:>+7.2f}"
            f"  {t['verdict']}"
        )
    r = summary["redis"]
    print(
        f"\nredis: the soak's keys {r['keys_mb_warm'] or 0:.2f} -> {r['keys_mb_end'] or 0:.2f} MB"
        f" ({r['keys_mb_per_min']:+.3f} MB/min); server used_memory (shared with other"
        f" databases) {r['used_memory_mb_warm']:.2f} -> {r['used_memory_mb_end']:.2f} MB"
        f" ({r['used_memory_mb_per_min']:+.3f} MB/min); stream entries"
        f" {r['stream_entries_warm']} -> {r['stream_entries_end']}"
        " (acknowledged ones past TA_RETENTION_STREAMS_DAYS are trimmed)"
    )
    print(
        "retention removed (all cron runs): "
        + ", ".join(f"{k}={v}" for k, v in removed.items() if v)
    )
    print("activity: " + ", ".join(f"{k}={v}" for k, v in sorted(activity.items())))


def main() -> int:
    """Summarise a saved run again, e.g. with another warm-up:
    ``.venv/bin/python -m bench.soak_report bench/results/soak-<stamp>.json --warmup-minutes 20``.
    """
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("samples", type=Path, help="a soak-<stamp>.json from bench/results/")
    parser.add_argument("--warmup-minutes", type=float, default=None)
    args = parser.parse_args()
    document = json.loads(args.samples.read_text(encoding="utf-8"))
    warmup = args.warmup_minutes
    if warmup is None:
        warmup = document["args"]["warmup_minutes"]
    summary = summarise(document["samples"], warmup * 60)
    print_summary(summary, document["retention_removed"], document["activity"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the soak run records every few seconds: process memory, table sizes, Redis; and the fits.

A sample is plain JSON-able data. Growth is the least-squares slope over the
samples after warm-up, per minute.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import asyncpg
import psutil
from redis.asyncio import Redis

MB = 1024 * 1024
_TABLES = """
SELECT schemaname AS schema, relname AS name, n_live_tup AS live_tup, n_dead_tup AS dead_tup,
       autovacuum_count AS autovacuums, pg_total_relation_size(relid) AS bytes
FROM pg_stat_user_tables WHERE schemaname = ANY($1::text[]) ORDER BY 1, 2
"""


def process_role(process: psutil.Process) -> str | None:
    """``registry`` … ``oms``, ``edge``, ``worker`` from a child's command line (None: other)."""
    try:
        argv: list[str] = process.cmdline()
    except psutil.Error:
        return None
    if "taplatform.cli.main" not in argv:
        return None
    rest = argv[argv.index("taplatform.cli.main") + 1 :]
    if rest[:1] == ["serve"] and len(rest) > 1:
        return str(rest[1])
    if rest[:1] in (["worker"], ["up"]):
        return str(rest[0])
    return None


def processes_by_role(up_pid: int) -> list[tuple[str, psutil.Process]]:
    """``up`` and each of its children that plays a role, with the role."""
    try:
        up = psutil.Process(up_pid)
        processes = [up, *up.children(recursive=True)]
    except psutil.Error:
        return []
    found = []
    for process in processes:
        role = process_role(process)
        if role is not None:
            found.append((role, process))
    return found


def rss_by_role(up_pid: int) -> dict[str, float]:
    """Resident memory in MB of ``up`` and each of its children, by role."""
    found: dict[str, float] = {}
    for role, process in processes_by_role(up_pid):
        try:
            found[role] = round(process.memory_info().rss / MB, 2)
        except psutil.Error:
            continue
    return found


def process_detail(up_pid: int) -> dict[str, dict[str, float]]:
    """Per role: threads, open files and sockets, and where the RSS lives.

    ``heap_mb`` is glibc's main arena (the ``[heap]`` mapping), ``anon_mb`` every
    unnamed mapping (other malloc arenas, thread stacks, mmap'd blocks of native
    libraries) and ``files_mb`` the mapped libraries. Growth in one of them and
    not the others says which allocator to look at.
    """
    found: dict[str, dict[str, float]] = {}
    for role, process in processes_by_role(up_pid):
        try:
            heap = anon = files = 0
            for mapping in process.memory_maps(grouped=True):
                if mapping.path == "[heap]":
                    heap += mapping.rss
                elif not mapping.path or mapping.path.startswith("[anon"):
                    anon += mapping.rss
                elif not mapping.path.startswith("["):
                    files += mapping.rss
            found[role] = {
                "threads": process.num_threads(),
                "fds": process.num_fds(),
                "heap_mb": round(heap / MB, 2),
                "anon_mb": round(anon / MB, 2),
                "files_mb": round(files / MB, 2),
            }
        except psutil.Error:
            continue
    return found


async def table_sizes(connection: asyncpg.Connection, schemas: Sequence[str]) -> dict[str, Any]:
    """Per ``schema.table``: exact rows, live and dead tuples, autovacuums, total size in bytes."""
    tables: dict[str, Any] = {}
    for row in await connection.fetch(_TABLES, list(schemas)):
        name = f"{row['schema']}.{row['name']}"
        rows = await connection.fetchval(f'SELECT count(*) FROM "{row["schema"]}"."{row["name"]}"')
        tables[name] = {
            "rows": rows,
            **{key: row[key] for key in ("live_tup", "dead_tup", "autovacuums", "bytes")},
        }
    return tables


async def redis_state(redis: Redis) -> dict[str, Any]:
    """Memory of the soak's own keys and of the whole server, stream lengths, key count.

    ``used_memory`` is the whole server's (other databases included), so the
    soak's own figure is the sum of ``MEMORY USAGE`` over its database's keys.
    """
    memory = await redis.info("memory")
    streams, own_bytes = {}, 0
    async for key in redis.scan_iter(count=1000):
        own_bytes += await redis.memory_usage(key, samples=0) or 0
        name = key.decode() if isinstance(key, bytes) else key
        if name.startswith("ta:events:"):
            streams[name] = await redis.xlen(name)
    return {
        "used_memory_mb": round(memory["used_memory"] / MB, 3),
        "keys_mb": round(own_bytes / MB, 3),
        "streams": dict(sorted(streams.items())),
        "keys": await redis.dbsize(),
    }


def retention_reports(log_path: Path) -> list[dict[str, Any]]:
    """Every ``retention.done`` report the worker logged (JSON logs behind ``up``'s prefix)."""
    reports = []
    with log_path.open(encoding="utf-8", errors="replace") as log:
        for line in log:
            name, sep, text = line.partition(" | ")
            if not sep or name.strip() != "worker" or "retention.done" not in text:
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError:
                continue
            if record.get("event") == "retention.done":
                reports.append({"at": record.get("timestamp"), "report": record.get("report", {})})
    return reports


def removed_totals(reports: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Rows removed per ``service.rule`` over all reports."""
    totals: dict[str, int] = {}
    for entry in reports:
        for service, rules in entry["report"].items():
            for rule, removed in rules.items():
                key = f"{service}.{rule}"
                totals[key] = totals.get(key, 0) + int(removed)
    return dict(sorted(totals.items()))


def slope_per_min(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of ``(seconds, value)`` points, per minute (0 with < 2 points)."""
    if len(points) < 2 or len({t for t, _ in points}) < 2:
        return 0.0
    fit = statistics.linear_regression([t for t, _ in points], [v for _, v in points])
    return fit.slope * 60


def now_s(start: float) -> float:
    return round(time.monotonic() - start, 1)

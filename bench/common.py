"""Shared set-up for the benchmarks: a scratch database, timing and reporting."""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

import asyncpg

SERVER_URL = os.environ.get(
    "TA_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


@asynccontextmanager
async def scratch_database() -> AsyncIterator[str]:
    """A new empty database, dropped afterwards."""
    name = f"ta_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(SERVER_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def timed(
    label: str, count: int, run: Callable[[], Awaitable[None]], rounds: int = 3
) -> float:
    """Best-of-``rounds`` operations per second of ``run`` (which does ``count`` ops)."""
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        await run()
        rates.append(count / (time.perf_counter() - start))
    best = max(rates)
    print(f"  {label:<48} {best:>10.0f} ops/s  (median {statistics.median(rates):.0f})")
    return best


def report_ratio(ours: float, baseline: float, what: str) -> None:
    print(f"  => {what}: {ours / baseline:.2f}x the baseline's throughput")

"""Price ingestion (upsert + data-quality gate + alerts + events) vs a raw asyncpg bulk upsert.

The same rows go through both: EOD points of N listings over XLON sessions.
Ours is ``PriceIngestion.ingest`` per listing (read history, upsert with
ON CONFLICT, read back what changed, evaluate every rule, record alerts and
an outbox event). The baseline COPYs the rows into a temporary table and
upserts them with one ``INSERT ... SELECT ... ON CONFLICT`` per listing.
Each round starts from an empty table.

Usage: bench_marketdata.py [POINTS ...]   (default: 10000; e.g. 10000 1000000)
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report_ratio, scratch_database
from services.marketdata.domain.calendars import get_trading_calendar
from services.marketdata.domain.prices import ListingInfo, PriceKind, PricePoint, eod_timestamp
from services.marketdata.domain.rules import RuleBook
from services.marketdata.ingestion import PriceIngestion
from services.marketdata.registry_port import FakeRegistry
from taplatform.catalog import service
from taplatform.clock import SystemClock
from taplatform.db import create_engine
from taplatform.migrations import migrate_service

SESSIONS = get_trading_calendar("XLON").sessions_between(date(2015, 1, 2), date(2030, 12, 31))
PER_LISTING = 2000
COLUMNS = (
    "listing_id",
    "observed_at",
    "kind",
    "source",
    "price",
    "currency",
    "scale",
    "open",
    "high",
    "low",
    "volume",
    "task_run_id",
    "ingested_at",
)
UPSERT = """
INSERT INTO marketdata.price_points SELECT * FROM bench_points WHERE listing_id = $1
ON CONFLICT (listing_id, observed_at, kind, source) DO UPDATE SET
  price = EXCLUDED.price, currency = EXCLUDED.currency, scale = EXCLUDED.scale,
  task_run_id = EXCLUDED.task_run_id, ingested_at = EXCLUDED.ingested_at
WHERE (marketdata.price_points.price, marketdata.price_points.currency)
  IS DISTINCT FROM (EXCLUDED.price, EXCLUDED.currency)
"""


def listing_points(index: int, count: int) -> tuple[ListingInfo, list[PricePoint]]:
    listing = ListingInfo(f"bench-{index:05d}", f"B{index}", "XLON", "GBX", Decimal("0.01"), "XLON")
    points = [
        PricePoint(
            listing.listing_id,
            eod_timestamp(day),
            PriceKind.EOD,
            "bench",
            Decimal(7000 + (n * 37 + index) % 400) / 10,
            "GBX",
            Decimal("0.01"),
        )
        for n, day in enumerate(SESSIONS[:count])
    ]
    return listing, points


def batches(total: int) -> Iterator[tuple[ListingInfo, list[PricePoint]]]:
    for index in range(0, (total + PER_LISTING - 1) // PER_LISTING):
        yield listing_points(index, min(PER_LISTING, total - index * PER_LISTING))


async def reset(raw: asyncpg.Connection) -> None:
    await raw.execute("TRUNCATE marketdata.price_points, marketdata.alerts, marketdata.outbox")


async def run_ours(ingestion: PriceIngestion, total: int) -> float:
    start = time.perf_counter()
    for listing, points in batches(total):
        await ingestion.ingest(listing, points, str(uuid.uuid4()), "bench")
    return total / (time.perf_counter() - start)


async def run_raw(raw: asyncpg.Connection, total: int) -> float:
    start = time.perf_counter()
    now = datetime.now(UTC)
    for listing, points in batches(total):
        run_id = uuid.uuid4()
        rows = [
            (
                p.listing_id,
                p.observed_at,
                p.kind.value,
                p.source,
                p.price,
                p.currency,
                p.scale,
                None,
                None,
                None,
                None,
                run_id,
                now,
            )
            for p in points
        ]
        async with raw.transaction():
            await raw.execute("TRUNCATE bench_points")
            await raw.copy_records_to_table("bench_points", records=rows, columns=COLUMNS)
            await raw.execute(UPSERT, listing.listing_id)
    return total / (time.perf_counter() - start)


async def bench(url: str, totals: list[int]) -> None:
    admin = create_engine(url, application_name="bench-migrate", pool_size=1)
    await migrate_service(admin, service("marketdata"))
    await admin.dispose()
    engine = create_engine(url, application_name="bench", pool_size=2, role="ta_marketdata")
    ingestion = PriceIngestion(engine, SystemClock(), uuid.uuid4, FakeRegistry(), RuleBook())
    raw = await asyncpg.connect(url)
    await raw.execute(
        "CREATE TEMP TABLE bench_points (LIKE marketdata.price_points INCLUDING DEFAULTS)"
    )
    for total in totals:
        print(f"price ingestion, {total} EOD points ({PER_LISTING} per listing):")
        await reset(raw)
        base = await run_raw(raw, total)
        print(f"  {'raw asyncpg COPY + INSERT ... ON CONFLICT':<48} {base:>10.0f} points/s")
        await reset(raw)
        ours = await run_ours(ingestion, total)
        print(f"  {'PriceIngestion.ingest (upsert + DQ + alerts)':<48} {ours:>10.0f} points/s")
        again = await run_ours(ingestion, total)
        print(f"  {'the same ingestion again (all unchanged)':<48} {again:>10.0f} points/s")
        report_ratio(ours, base, f"{total} points")
    await raw.close()
    await engine.dispose()


async def main() -> None:
    totals = [int(arg) for arg in sys.argv[1:]] or [10_000]
    async with scratch_database() as url:
        await bench(url, totals)


if __name__ == "__main__":
    asyncio.run(main())

"""OutboxRelay throughput (claim, XADD, mark published) against raw XADD of the same events."""

from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import redis.asyncio as aioredis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REDIS_URL, report_ratio, scratch_database, timed
from taplatform.catalog import service
from taplatform.db import create_engine
from taplatform.events import Event
from taplatform.migrations import migrate_service
from taplatform.outbox import OutboxRelay, add_event
from taplatform.tables import platform_tables

EVENTS = 5000


def _events() -> list[Event]:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        Event(uuid.uuid4(), "BatchPosted", "batch", f"b-{n}", {"amount": "1.00"}, when)
        for n in range(EVENTS)
    ]


async def main() -> None:
    from sqlalchemy import MetaData

    redis = aioredis.Redis.from_url(REDIS_URL)
    async with scratch_database() as url:
        engine = create_engine(url, application_name="bench", pool_size=2)
        await migrate_service(engine, service("ledger"))
        outbox = platform_tables(MetaData(schema="ledger")).outbox
        relay = OutboxRelay(engine, outbox, redis, "bench")

        async def fill() -> None:
            async with engine.begin() as connection:
                for event in _events():
                    await add_event(connection, outbox, event)

        async def raw_xadd() -> None:
            async with redis.pipeline(transaction=False) as pipe:
                for event in _events():
                    pipe.xadd("ta:bench:raw", event.to_stream_fields())  # type: ignore[arg-type]
                await pipe.execute()

        async def relayed() -> None:
            await fill()
            await relay.relay_all(max_batches=1000)

        print("publishing events:")
        base = await timed("raw pipelined XADD (baseline)", EVENTS, raw_xadd)
        ours = await timed("outbox insert + relay (claim, XADD, mark)", EVENTS, relayed)
        report_ratio(ours, base, "outbox end to end")
        await engine.dispose()
    await redis.delete("ta:events:bench", "ta:bench:raw")
    await redis.aclose()


if __name__ == "__main__":
    asyncio.run(main())

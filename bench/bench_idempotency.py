"""A write guarded by IdempotencyStore against the same insert through plain asyncpg."""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report_ratio, scratch_database, timed
from taplatform.catalog import service
from taplatform.db import create_engine
from taplatform.idempotency import IdempotencyStore
from taplatform.migrations import migrate_service

WRITES = 2000
REQUEST = {"portfolio_id": "p-1", "amount": "100.00", "currency": "GBP"}


async def main() -> None:
    async with scratch_database() as url:
        engine = create_engine(url, application_name="bench", pool_size=4)
        await migrate_service(engine, service("ledger"))
        store = await IdempotencyStore.create(engine, schema="ledger")
        raw = await asyncpg.connect(url)
        await raw.execute("CREATE TABLE public.raw_keys (key text primary key, body text)")

        async def plain() -> None:
            for _ in range(WRITES):
                async with raw.transaction():
                    await raw.execute(
                        "INSERT INTO public.raw_keys VALUES ($1, $2)", str(uuid.uuid4()), "x"
                    )

        async def guarded() -> None:
            for _ in range(WRITES):
                key = str(uuid.uuid4())
                async with engine.begin() as connection:
                    await store.begin(connection, "Bench", key, REQUEST)
                    await store.complete(connection, "Bench", key, b"answer")

        async def replayed() -> None:
            key = "replayed-key"
            for _ in range(WRITES):
                async with engine.begin() as connection:
                    await store.begin(connection, "Bench", key, REQUEST)

        print("idempotent writes:")
        base = await timed("plain asyncpg insert in a transaction (baseline)", WRITES, plain)
        ours = await timed("IdempotencyStore begin + complete", WRITES, guarded)
        replay = await timed("IdempotencyStore replay of one key", WRITES, replayed)
        report_ratio(ours, base, "new key")
        report_ratio(replay, base, "replay")
        await raw.close()
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())

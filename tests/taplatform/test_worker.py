"""The arq worker's cron relay moves committed outbox rows to the Redis streams."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import redis.asyncio as aioredis
from sqlalchemy import MetaData

from taplatform.config import WorkerSettings
from taplatform.db import create_engine
from taplatform.events import Event, stream_name
from taplatform.outbox import add_event
from taplatform.tables import platform_tables
from taplatform.worker import build_worker


async def test_worker_relays_every_service_outbox(
    migrated_database_url: str, redis_url: str, redis_client: aioredis.Redis
) -> None:
    events = {}
    engine = create_engine(migrated_database_url, application_name="t-worker", pool_size=2)
    async with engine.begin() as connection:
        for schema in ("registry", "oms"):
            outbox = platform_tables(MetaData(schema=schema)).outbox
            await connection.execute(outbox.delete())
            events[schema] = Event(
                event_id=uuid.uuid4(),
                event_type="Tested",
                aggregate_type="test",
                aggregate_id=schema,
                payload={},
                occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
            await add_event(connection, outbox, events[schema])
    await engine.dispose()

    settings = WorkerSettings(database_url=migrated_database_url, redis_url=redis_url)
    worker = build_worker(settings, handle_signals=False, poll_delay=0.05)
    running = asyncio.create_task(worker.async_run())
    try:
        deadline = asyncio.get_running_loop().time() + 20
        while asyncio.get_running_loop().time() < deadline:
            lengths = [await redis_client.xlen(stream_name(s)) for s in events]
            if all(lengths):
                break
            await asyncio.sleep(0.05)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await worker.close()
    for schema, event in events.items():
        ((_, fields),) = await redis_client.xrange(stream_name(schema))
        assert Event.from_stream_fields(fields).event_id == event.event_id


def test_service_jobs_are_scheduled_only_with_a_worker_token(
    migrated_database_url: str, redis_url: str
) -> None:
    def job_names(**extra: str) -> set[str]:
        settings = WorkerSettings(database_url=migrated_database_url, redis_url=redis_url, **extra)
        worker = build_worker(settings, handle_signals=False)
        return {job.name for job in worker.cron_jobs}

    without = job_names()
    with_token = job_names(worker_api_token="tat_example")
    # Retention needs no token: it works on the database as each service's role.
    assert without == {"cron:relay_outboxes", "cron:retention"}
    assert {"cron:refresh_eod_prices", "cron:refresh_fx_rates"} <= with_token

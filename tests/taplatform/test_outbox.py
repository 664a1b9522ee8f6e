"""Events leave with their transaction, reach the stream at least once, and are consumed once."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
import redis.asyncio as aioredis
from sqlalchemy import MetaData, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from taplatform.events import Event, stream_name
from taplatform.inbox import claim_event
from taplatform.outbox import OutboxRelay, add_event
from taplatform.tables import PlatformTables, platform_tables

WHEN = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def ledger_tables() -> PlatformTables:
    return platform_tables(MetaData(schema="ledger"))


@pytest.fixture
async def empty_outbox(engine: AsyncEngine, ledger_tables: PlatformTables) -> None:
    async with engine.begin() as connection:
        await connection.execute(ledger_tables.outbox.delete())


def _event(n: int) -> Event:
    return Event(
        event_id=uuid.uuid4(),
        event_type="BatchPosted",
        aggregate_type="batch",
        aggregate_id=f"b-{n}",
        payload={"amount": "12.50", "n": n},
        occurred_at=WHEN,
    )


async def _stream(redis: aioredis.Redis) -> list[Event]:
    entries = await redis.xrange(stream_name("ledger"))
    return [Event.from_stream_fields(fields) for _, fields in entries]


@pytest.mark.usefixtures("empty_outbox")
async def test_rolled_back_change_publishes_nothing(
    engine: AsyncEngine, ledger_tables: PlatformTables, redis_client: aioredis.Redis
) -> None:
    with pytest.raises(RuntimeError):
        async with engine.begin() as connection:
            await add_event(connection, ledger_tables.outbox, _event(1))
            raise RuntimeError("the state change failed")
    relay = OutboxRelay(engine, ledger_tables.outbox, redis_client, "ledger")
    assert (await relay.relay_once()).published == 0
    assert await _stream(redis_client) == []


@pytest.mark.usefixtures("empty_outbox")
async def test_committed_events_are_published_in_order_once(
    engine: AsyncEngine, ledger_tables: PlatformTables, redis_client: aioredis.Redis
) -> None:
    events = [_event(n) for n in range(5)]
    async with engine.begin() as connection:
        for event in events:
            await add_event(connection, ledger_tables.outbox, event)
    relay = OutboxRelay(engine, ledger_tables.outbox, redis_client, "ledger", batch_size=2)
    assert await relay.relay_all() == 5
    assert await relay.relay_all() == 0
    published = await _stream(redis_client)
    assert [e.event_id for e in published] == [e.event_id for e in events]
    assert published[0].payload == {"amount": "12.50", "n": 0}
    assert published[0].occurred_at == WHEN


@pytest.mark.usefixtures("empty_outbox")
async def test_concurrent_relays_never_publish_a_row_twice(
    engine: AsyncEngine, ledger_tables: PlatformTables, redis_client: aioredis.Redis
) -> None:
    async with engine.begin() as connection:
        for n in range(200):
            await add_event(connection, ledger_tables.outbox, _event(n))
    relays = [
        OutboxRelay(engine, ledger_tables.outbox, redis_client, "ledger", batch_size=7)
        for _ in range(4)
    ]
    counts = await asyncio.gather(*(r.relay_all() for r in relays))
    assert sum(counts) == 200
    ids = [e.event_id for e in await _stream(redis_client)]
    assert len(ids) == len(set(ids)) == 200


@pytest.mark.usefixtures("empty_outbox")
async def test_event_carries_the_trace_context_it_was_written_in(
    engine: AsyncEngine, ledger_tables: PlatformTables, redis_client: aioredis.Redis
) -> None:
    from opentelemetry.sdk.trace import TracerProvider

    tracer = TracerProvider().get_tracer("t")
    with tracer.start_as_current_span("post-batch") as span:
        async with engine.begin() as connection:
            await add_event(connection, ledger_tables.outbox, _event(1))
        trace_id = format(span.get_span_context().trace_id, "032x")
    await OutboxRelay(engine, ledger_tables.outbox, redis_client, "ledger").relay_all()
    (event,) = await _stream(redis_client)
    assert event.headers["traceparent"].split("-")[1] == trace_id


@pytest.mark.usefixtures("empty_outbox")
async def test_redelivered_event_is_processed_once_by_a_consumer(
    engine: AsyncEngine, ledger_tables: PlatformTables, redis_client: aioredis.Redis
) -> None:
    """A relay that crashes after XADD but before commit re-sends; the inbox absorbs it."""
    async with engine.begin() as connection:
        await add_event(connection, ledger_tables.outbox, _event(1))

    class CrashAfterPublish(OutboxRelay):
        async def relay_once(self):  # type: ignore[no-untyped-def]
            async with self._engine.begin() as connection:
                rows = (await connection.execute(select(self._outbox))).mappings().all()
                for row in rows:
                    await self._redis.xadd(
                        self._stream,
                        {
                            "event_id": str(row["event_id"]),
                            "event_type": "BatchPosted",
                            "aggregate_type": "batch",
                            "aggregate_id": "b-1",
                            "payload": "{}",
                            "headers": "{}",
                            "occurred_at": WHEN.isoformat(),
                        },
                    )
                raise ConnectionError("relay died before marking rows published")

    with pytest.raises(ConnectionError):
        await CrashAfterPublish(engine, ledger_tables.outbox, redis_client, "ledger").relay_once()
    await OutboxRelay(engine, ledger_tables.outbox, redis_client, "ledger").relay_all()
    delivered = await _stream(redis_client)
    assert len(delivered) == 2 and delivered[0].event_id == delivered[1].event_id

    applied = 0
    for event in delivered:
        async with engine.begin() as connection:
            if await claim_event(connection, ledger_tables.inbox, "audit", event.event_id, WHEN):
                applied += 1
    assert applied == 1
    async with engine.connect() as connection:
        unpublished = await connection.scalar(
            select(func.count()).where(ledger_tables.outbox.c.published_at.is_(None))
        )
    assert unpublished == 0

"""A refused portfolio access becomes an AccessDenied audit event on the service's stream."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.ledger.store import platform
from taplatform.auth.denials import ACCESS_DENIED, AccessDenial, OutboxDenialRecorder
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.events import Event, stream_name
from taplatform.outbox import OutboxRelay
from taplatform.testing import FakeClock

WHEN = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DENIAL = AccessDenial(
    actor_user_id="bob",
    portfolio_id="p-alice",
    method="/tradingassistant.ledger.v1.LedgerService/ListHoldings",
    reason="PERMISSION_DENIED",
    token_id="tok-bob",
)


@pytest.fixture
async def ledger_engine(migrated_database_url: str, redis_url: str) -> AsyncIterator[AsyncEngine]:
    """The ledger's own engine, acting as its database role (which must be allowed to write)."""
    settings = ServiceSettings(database_url=migrated_database_url, redis_url=redis_url)
    engine = service_engine(service("ledger"), settings)
    yield engine
    await engine.dispose()


async def test_denial_is_written_to_the_outbox_with_the_audit_payload(
    ledger_engine: AsyncEngine,
) -> None:
    event_id = uuid.uuid4()
    recorder = OutboxDenialRecorder(
        ledger_engine,
        platform.outbox,
        service="ledger",
        clock=FakeClock(WHEN),
        new_id=lambda: event_id,
    )
    await recorder.record(DENIAL)
    async with ledger_engine.connect() as connection:
        row = (
            (
                await connection.execute(
                    select(platform.outbox).where(platform.outbox.c.event_id == event_id)
                )
            )
            .mappings()
            .one()
        )
    assert (row["event_type"], row["aggregate_type"], row["aggregate_id"]) == (
        ACCESS_DENIED,
        "portfolio",
        "p-alice",
    )
    assert row["occurred_at"] == WHEN
    assert row["payload"] == {
        "actor_user_id": "bob",
        "portfolio_id": "p-alice",
        "method": DENIAL.method,
        "reason": "PERMISSION_DENIED",
        "service": "ledger",
        "token_id": "tok-bob",
        "before": None,
        "after": None,
    }


async def test_relayed_denial_reaches_the_services_event_stream(
    ledger_engine: AsyncEngine, redis_client: aioredis.Redis
) -> None:
    event_id = uuid.uuid4()
    recorder = OutboxDenialRecorder(
        ledger_engine, platform.outbox, service="ledger", new_id=lambda: event_id
    )
    await recorder.record(DENIAL)
    await OutboxRelay(ledger_engine, platform.outbox, redis_client, "ledger").relay_all()
    entries = await redis_client.xrange(stream_name("ledger"))
    events = [Event.from_stream_fields(fields) for _, fields in entries]
    (mine,) = [e for e in events if e.event_id == event_id]
    assert mine.event_type == ACCESS_DENIED
    assert mine.payload["actor_user_id"] == "bob" and mine.payload["portfolio_id"] == "p-alice"

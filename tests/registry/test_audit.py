"""The audit log: outbox events in the write's transaction, stored once each, append-only."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as aioredis
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tradingassistant.common.v1.types_pb2 import PageRequest
from tradingassistant.registry.v1 import registry_pb2 as pb

from services.registry.audit_consumer import GROUP, AuditConsumer
from services.registry.store import platform
from taplatform.db import create_engine
from taplatform.events import Event, stream_name
from taplatform.outbox import OutboxRelay
from taplatform.testing import FakeClock
from tests.registry.harness import Caller, Registry
from tests.registry.test_identity import eventually
from tests.registry.universe import universe


async def relay(registry: Registry, redis: aioredis.Redis) -> int:
    """What the worker's relay does: registry outbox → ``ta:events:registry``."""
    return await OutboxRelay(registry.db, platform.outbox, redis, "registry").relay_all()


async def audit_log(caller: Caller, portfolio_id: str) -> list[pb.AuditEvent]:
    events, token = [], ""
    while True:
        page = await caller(
            "ListAuditEvents",
            pb.ListAuditEventsRequest(
                portfolio_id=portfolio_id, page=PageRequest(page_size=3, page_token=token)
            ),
        )
        events += page.events
        token = page.page_info.next_page_token
        if not token:
            return events


async def test_every_mutation_writes_an_audit_event_with_actor_and_before_after(
    registry: Registry, alice: Caller
) -> None:
    built = await universe(alice)
    pid = built["portfolio"].portfolio_id
    await alice(
        "UpdatePortfolio", pb.UpdatePortfolioRequest(portfolio_id=pid, version=1, name="Renamed")
    )
    rows = await registry.rows(
        "SELECT event_type, payload FROM registry.outbox WHERE payload->>'portfolio_id' = :pid "
        "ORDER BY id",
        pid=pid,
    )
    assert [r.event_type for r in rows] == [
        "PortfolioCreated",
        "SleeveCreated",
        "SleeveCreated",
        "ConstituentAdded",
        "ConstituentAdded",
        "PortfolioUpdated",
    ]
    assert {r.payload["actor_user_id"] for r in rows} == {alice.user.user_id}
    update = rows[-1].payload
    assert (update["before"]["name"], update["after"]["name"]) == ("ISA", "Renamed")
    assert (update["before"]["version"], update["after"]["version"]) == (1, 2)
    assert rows[0].payload["before"] is None
    sleeve = rows[1].payload["after"]
    assert sleeve["target_weight_pct"] == "60"  # exact decimal text, never a float


async def test_the_consumer_stores_each_event_once_and_lists_them_newest_first(
    registry: Registry, alice: Caller, redis_client: aioredis.Redis
) -> None:
    built = await universe(alice)
    pid = built["portfolio"].portfolio_id
    for name in ("Second", "Third"):
        registry.clock.advance(timedelta(minutes=1))
        current = await alice("GetPortfolio", pb.GetPortfolioRequest(portfolio_id=pid))
        await alice(
            "UpdatePortfolio",
            pb.UpdatePortfolioRequest(
                portfolio_id=pid, version=current.portfolio.version, name=name
            ),
        )
    await relay(registry, redis_client)
    count = "SELECT count(*) FROM registry.audit_events WHERE portfolio_id = :pid"
    assert await eventually(lambda: registry.scalar(count, pid=pid), 7) == 7
    # Delivery is at least once: publish every event a second time.
    async with registry.db.begin() as connection:
        await connection.execute(
            text(
                "UPDATE registry.outbox SET published_at = NULL WHERE payload->>'portfolio_id' = :p"
            ),
            {"p": pid},
        )
    assert await relay(registry, redis_client) == 7
    group = registry.settings.audit_consumer_group
    pending = await eventually(lambda: _pending(redis_client, group), 0)
    assert pending == 0 and await registry.scalar(count, pid=pid) == 7
    events = await audit_log(alice, pid)
    assert [e.event_type for e in events] == [
        "PortfolioUpdated",
        "PortfolioUpdated",
        "ConstituentAdded",
        "ConstituentAdded",
        "SleeveCreated",
        "SleeveCreated",
        "PortfolioCreated",
    ]
    assert json.loads(events[0].after_json)["name"] == "Third"
    assert events[-1].before_json == "" and events[0].service == "registry"
    assert {e.actor_user_id for e in events} == {alice.user.user_id}


async def _pending(redis: aioredis.Redis, group: str) -> int:
    summary = await redis.xpending(stream_name("registry"), group)
    return int(summary["pending"])


async def test_audit_events_are_append_only_for_the_service_role(registry: Registry) -> None:
    engine = create_engine(
        registry.database_url, application_name="ta-tests", pool_size=1, role="ta_registry"
    )
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO registry.audit_events (event_id, service, event_type, "
                    "aggregate_type, aggregate_id, occurred_at, recorded_at, payload) VALUES "
                    "(:id, 'test', 'Probe', 'x', 'x', now(), now(), '{}')"
                ),
                {"id": uuid.uuid4()},
            )
        for statement in (
            "UPDATE registry.audit_events SET event_type = 'Tampered'",
            "DELETE FROM registry.audit_events",
            "TRUNCATE registry.audit_events",
        ):
            with pytest.raises(DBAPIError, match="permission denied"):
                async with engine.begin() as connection:
                    await connection.execute(text(statement))
    finally:
        await engine.dispose()
    assert (
        await registry.scalar(
            "SELECT count(*) FROM registry.audit_events WHERE event_type = 'Tampered'"
        )
        == 0
    )


def _event(portfolio_id: str) -> Event:
    return Event(
        event_id=uuid.uuid4(),
        event_type="BatchPosted",
        aggregate_type="batch",
        aggregate_id="b-1",
        payload={
            "actor_user_id": "u-1",
            "portfolio_id": portfolio_id,
            "before": None,
            "after": {"amount": "1.50"},
        },
        occurred_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )


@asynccontextmanager
async def own_stream_consumer(
    registry: Registry, redis: aioredis.Redis, claim_idle_ms: int
) -> AsyncIterator[tuple[AuditConsumer, str, str]]:
    """A consumer ("live", as the registry's role) of a stream of its own, so the registry's
    running consumer does not read it first; yields the consumer, service and stream."""
    service = f"audit-test-{uuid.uuid4().hex[:8]}"
    engine = create_engine(
        registry.database_url, application_name="ta-tests", pool_size=1, role="ta_registry"
    )
    consumer = AuditConsumer(
        engine, redis, [service], FakeClock(), consumer="live", claim_idle_ms=claim_idle_ms
    )
    try:
        yield consumer, service, stream_name(service)
    finally:
        await engine.dispose()


async def test_messages_left_pending_by_a_dead_consumer_are_claimed_and_stored(
    registry: Registry, redis_client: aioredis.Redis
) -> None:
    async with own_stream_consumer(registry, redis_client, claim_idle_ms=0) as (
        consumer,
        service,
        stream,
    ):
        await redis_client.xgroup_create(stream, GROUP, id="0", mkstream=True)
        event = _event(str(uuid.uuid4()))
        await redis_client.xadd(stream, event.to_stream_fields())
        # "dead" reads it and crashes before storing or acknowledging.
        taken = await redis_client.xreadgroup(GROUP, "dead", {stream: ">"}, count=10)
        assert len(taken[0][1]) == 1
        assert await consumer.poll_once(block_ms=1) == 1
        assert await consumer.poll_once(block_ms=1) == 0
        assert int((await redis_client.xpending(stream, GROUP))["pending"]) == 0
    stored = await registry.rows(
        "SELECT service, event_type, actor_user_id, after FROM registry.audit_events "
        "WHERE event_id = :id",
        id=event.event_id,
    )
    assert [tuple(r) for r in stored] == [(service, "BatchPosted", "u-1", {"amount": "1.50"})]


async def test_a_batch_that_failed_is_handled_again_on_the_next_poll_not_after_the_claim_timeout(
    registry: Registry, redis_client: aioredis.Redis
) -> None:
    event = _event(str(uuid.uuid4()))
    # An hour's claim timeout: only the consumer's own retry can bring the batch back.
    async with own_stream_consumer(registry, redis_client, claim_idle_ms=3_600_000) as (
        consumer,
        _,
        stream,
    ):
        await redis_client.xadd(stream, event.to_stream_fields())
        async with registry.db.begin() as connection:
            revoke = "REVOKE INSERT ON registry.audit_events FROM ta_registry"
            await connection.execute(text(revoke))
        try:
            with pytest.raises(DBAPIError, match="permission denied"):
                await consumer.poll_once(block_ms=1)
        finally:
            async with registry.db.begin() as connection:
                await connection.execute(
                    text("GRANT INSERT ON registry.audit_events TO ta_registry")
                )
        assert int((await redis_client.xpending(stream, GROUP))["pending"]) == 1
        assert await consumer.poll_once(block_ms=1) == 1
        assert int((await redis_client.xpending(stream, GROUP))["pending"]) == 0
    stored = await registry.rows(
        "SELECT count(*) FROM registry.audit_events WHERE event_id = :id", id=event.event_id
    )
    assert stored[0][0] == 1


async def test_an_unreadable_message_is_acknowledged_not_retried_forever(
    registry: Registry, redis_client: aioredis.Redis
) -> None:
    service = f"audit-test-{uuid.uuid4().hex[:8]}"
    stream = stream_name(service)
    engine = create_engine(registry.database_url, application_name="ta-tests", pool_size=1)
    consumer = AuditConsumer(engine, redis_client, [service], FakeClock(), consumer="live")
    try:
        await redis_client.xadd(stream, {"garbage": "1"})
        assert await consumer.poll_once(block_ms=1) == 0
        assert int((await redis_client.xpending(stream, GROUP))["pending"]) == 0
    finally:
        await engine.dispose()

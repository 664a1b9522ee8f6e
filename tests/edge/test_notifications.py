"""The notifications subscription: events from the Redis streams, only the subscriber's own."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import redis.asyncio as aioredis

from edge.app import create_app
from edge.notifications import Audience
from services.registry.store import platform
from taplatform.db import create_engine
from taplatform.events import Event
from taplatform.outbox import OutboxRelay
from tests.edge.conftest import HealthServers, LiveRegistry, WebSocketSession, graphql_client
from tests.edge.graphql_client import GraphQLClient

SUBSCRIPTION = "subscription { notifications { eventType aggregateId portfolioId } }"
ADMIN = ("admin@example.test", "correct horse battery staple")
ME = ("me@example.test", "another long passphrase")
OTHER = ("other@example.test", "a third long passphrase")


def event(event_type: str, aggregate_id: str, **payload: str | None) -> Event:
    return Event(
        event_id=uuid.uuid4(),
        event_type=event_type,
        aggregate_type="portfolio",
        aggregate_id=aggregate_id,
        payload=payload,
        occurred_at=datetime(2026, 1, 2, tzinfo=UTC),
    )


def test_an_audience_admits_its_portfolios_and_its_own_user_events_only() -> None:
    audience = Audience(user_id="u1", portfolio_ids={"p1"})

    assert audience.admits(event("SleeveCreated", "s1", portfolio_id="p1", actor_user_id="u2"))
    assert not audience.admits(event("SleeveCreated", "s2", portfolio_id="p2", actor_user_id="u1"))
    assert audience.admits(event("ApiTokenCreated", "t1", portfolio_id=None, actor_user_id="u1"))
    assert not audience.admits(event("ApiTokenCreated", "t2", actor_user_id="u2"))


def test_an_audience_learns_of_portfolios_its_user_creates() -> None:
    audience = Audience(user_id="u1")

    assert audience.admits(event("PortfolioCreated", "p9", portfolio_id="p9", actor_user_id="u1"))
    assert audience.admits(event("SleeveCreated", "s1", portfolio_id="p9", actor_user_id="u1"))
    assert not audience.admits(
        event("PortfolioCreated", "p8", portfolio_id="p8", actor_user_id="u2")
    )


async def wait_for(condition: Callable[[], bool], deadline_s: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    while not condition():
        assert loop.time() < until, "condition not met in time"
        await asyncio.sleep(0.01)


async def relay_registry_outbox(database_url: str, redis_url: str) -> None:
    """What the worker's relay does for the registry, once."""
    engine = create_engine(database_url, application_name="ta-test-relay", pool_size=1)
    redis = aioredis.Redis.from_url(redis_url)
    try:
        await OutboxRelay(engine, platform.outbox, redis, "registry").relay_all()
    finally:
        await redis.aclose()
        await engine.dispose()


async def test_a_subscriber_receives_its_own_portfolio_events_and_not_anothers(
    health_servers: HealthServers, registry: LiveRegistry, redis_url: str
) -> None:
    settings = health_servers.settings(registry_addr=registry.addr, redis_url=redis_url)
    app = create_app(settings)
    async with graphql_client(app) as admin:
        await admin.first_admin(*ADMIN)
        await admin.create_user(*ME)
        await admin.create_user(*OTHER)
    async with graphql_client(app) as me, graphql_client(app) as other:
        await me.sign_in(*ME)
        await other.sign_in(*OTHER)
        mine = await create_portfolio(me, "Mine")
        theirs = await create_portfolio(other, "Theirs")
        await relay_registry_outbox(registry.database_url, redis_url)
        listed_before = registry.calls["ListPortfolios"]
        async with WebSocketSession(app, "/graphql", ["graphql-transport-ws"]) as ws:
            token = me.http.cookies["ta_session"]
            init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
            await ws.send_json(init)
            assert (await ws.receive_json())["type"] == "connection_ack"
            await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
            # The cursor is placed before the audience loads: once the registry saw this
            # ListPortfolios, every event published from here on is delivered.
            await wait_for(lambda: registry.calls["ListPortfolios"] > listed_before)
            await create_sleeve(other, theirs)
            await create_sleeve(me, mine)
            await relay_registry_outbox(registry.database_url, redis_url)
            received = await ws.receive_json()
            await ws.send_json({"id": "1", "type": "complete"})

    assert received["type"] == "next", received
    notification = received["payload"]["data"]["notifications"]
    assert (notification["eventType"], notification["portfolioId"]) == ("SleeveCreated", mine)


async def create_portfolio(client: GraphQLClient, name: str) -> str:
    made = await client.data(
        "mutation($n: String!) { createPortfolio(input: {name: $n}) { ... on Portfolio { id } } }",
        {"n": name},
    )
    return str(made["createPortfolio"]["id"])


async def create_sleeve(client: GraphQLClient, portfolio: str) -> None:
    made = await client.data(
        """mutation($p: ID!) { createSleeve(input: {portfolioId: $p, name: "Equity",
             targetWeightPct: "50"}) { __typename } }""",
        {"p": portfolio},
    )
    assert made["createSleeve"]["__typename"] == "Sleeve", made

"""The stored notification feed through GraphQL: query, count, mark read, and the live feed."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
from redis.asyncio import Redis
from sqlalchemy import text
from tradingassistant.registry.v1 import registry_pb2 as pb
from tradingassistant.registry.v1 import registry_pb2_grpc

from edge.app import create_app
from taplatform.db import create_engine
from tests.edge.conftest import HealthServers, LiveRegistry, WebSocketSession, graphql_client
from tests.edge.graphql_client import GraphQLClient
from tests.edge.test_notifications import (
    ADMIN,
    ME,
    OTHER,
    create_portfolio,
    relay_registry_outbox,
    wait_for,
)

FEED = """query($unread: Boolean!) {
  notifications(unreadOnly: $unread, first: 10) {
    __typename
    ... on UserNotificationPage { items { id kind title body link severity read portfolioId } }
  }
  unreadNotificationCount { ... on UnreadNotificationCount { unread critical } }
}"""
MARK = """mutation($ids: [ID!]) {
  markNotificationsRead(ids: $ids) {
    __typename
    ... on NotificationsMarked { marked unread }
    ... on Error { message }
  }
}"""
SUBSCRIPTION = "subscription { notificationFeed { id kind title portfolioId link read } }"


async def freeze(registry: LiveRegistry, client: GraphQLClient, portfolio_id: str) -> None:
    """Freeze advice as the client's user, straight at the registry (the edge has no mutation)."""
    token = client.http.cookies["ta_session"]
    reason = pb.FreezeReason(source="manual", reference="holiday", detail="away until May")
    async with grpc.aio.insecure_channel(registry.addr) as channel:
        await registry_pb2_grpc.RegistryServiceStub(channel).FreezePortfolio(
            pb.FreezePortfolioRequest(portfolio_id=portfolio_id, reason=reason),
            metadata=(("authorization", f"Bearer {token}"),),
            timeout=10,
        )


async def announcements(database_url: str) -> int:
    engine = create_engine(database_url, application_name="ta-tests", pool_size=1)
    try:
        async with engine.connect() as connection:
            query = "SELECT count(*) FROM registry.outbox WHERE event_type = 'NotificationCreated'"
            return int(await connection.scalar(text(query)) or 0)
    finally:
        await engine.dispose()


async def notify(registry: LiveRegistry, redis_url: str, expected: int) -> None:
    """Publish the registry's events, let its consumer notify, then publish the announcements."""
    await relay_registry_outbox(registry.database_url, redis_url)
    loop = asyncio.get_running_loop()
    until = loop.time() + 10
    while await announcements(registry.database_url) < expected:
        assert loop.time() < until, "the consumer made no notification in time"
        await asyncio.sleep(0.05)
    await relay_registry_outbox(registry.database_url, redis_url)


async def users(app: Any) -> None:
    async with graphql_client(app) as admin:
        await admin.first_admin(*ADMIN)
        await admin.create_user(*ME)
        await admin.create_user(*OTHER)


async def test_the_feed_shows_your_notifications_only_and_marks_them_read(
    redis_client: Redis, health_servers: HealthServers, registry: LiveRegistry, redis_url: str
) -> None:
    # redis_client comes first: it empties the Redis database before this registry starts,
    # so its consumers never meet an earlier test's events.
    app = create_app(health_servers.settings(registry_addr=registry.addr, redis_url=redis_url))
    await users(app)
    async with graphql_client(app) as me, graphql_client(app) as other:
        await me.sign_in(*ME)
        await other.sign_in(*OTHER)
        mine = await create_portfolio(me, "Mine")
        await freeze(registry, me, mine)
        await notify(registry, redis_url, 1)

        listed = await me.data(FEED, {"unread": False})
        theirs = await other.data(FEED, {"unread": False})
        refused = await other.data(MARK, {"ids": [listed["notifications"]["items"][0]["id"]]})
        marked = await me.data(MARK, {"ids": [listed["notifications"]["items"][0]["id"]]})
        after = await me.data(FEED, {"unread": True})
        neither = await me.data(MARK, {"ids": None})

    [item] = listed["notifications"]["items"]
    assert (item["kind"], item["title"], item["body"]) == (
        "portfolio_frozen",
        "Advice frozen",
        "away until May",
    )
    assert (item["link"], item["portfolioId"], item["severity"], item["read"]) == (
        f"/portfolios/{mine}",
        mine,
        "WARNING",
        False,
    )
    assert listed["unreadNotificationCount"] == {"unread": 1, "critical": 0}
    assert theirs["notifications"]["items"] == []
    assert theirs["unreadNotificationCount"] == {"unread": 0, "critical": 0}
    assert refused["markNotificationsRead"]["__typename"] == "NotFound"
    assert marked["markNotificationsRead"] == {
        "__typename": "NotificationsMarked",
        "marked": 1,
        "unread": 0,
    }
    assert after["notifications"]["items"] == []
    assert after["unreadNotificationCount"] == {"unread": 0, "critical": 0}
    assert neither["markNotificationsRead"]["__typename"] == "ValidationError"


async def subscribe(app: Any, client: GraphQLClient) -> WebSocketSession:
    ws = WebSocketSession(app, "/graphql", ["graphql-transport-ws"])
    await ws.__aenter__()
    token = client.http.cookies["ta_session"]
    await ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
    assert (await ws.receive_json())["type"] == "connection_ack"
    await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
    return ws


async def test_the_live_feed_pushes_each_new_notification_to_its_recipient_only(
    redis_client: Redis, health_servers: HealthServers, registry: LiveRegistry, redis_url: str
) -> None:
    # redis_client comes first: it empties the Redis database before this registry starts,
    # so its consumers never meet an earlier test's events.
    app = create_app(health_servers.settings(registry_addr=registry.addr, redis_url=redis_url))
    await users(app)
    async with graphql_client(app) as me, graphql_client(app) as other:
        await me.sign_in(*ME)
        await other.sign_in(*OTHER)
        mine = await create_portfolio(me, "Mine")
        theirs = await create_portfolio(other, "Theirs")
        asked = registry.calls["GetCurrentUser"]
        mine_ws, their_ws = await subscribe(app, me), await subscribe(app, other)
        try:
            # Each cursor is placed before its subscriber is identified: once the registry
            # saw both GetCurrentUser calls, every later announcement is delivered.
            await wait_for(lambda: registry.calls["GetCurrentUser"] >= asked + 2)
            await freeze(registry, me, mine)
            await notify(registry, redis_url, 1)
            pushed = await mine_ws.receive_json()
            await freeze(registry, other, theirs)
            await notify(registry, redis_url, 2)
            # Had the feed leaked "mine" to the other subscriber, it would arrive first.
            their_first = await their_ws.receive_json()
        finally:
            for ws in (mine_ws, their_ws):
                await ws.send_json({"id": "1", "type": "complete"})
                await ws.__aexit__()

    assert pushed["type"] == "next", pushed
    got = pushed["payload"]["data"]["notificationFeed"]
    assert (got["kind"], got["portfolioId"], got["link"], got["read"]) == (
        "portfolio_frozen",
        mine,
        f"/portfolios/{mine}",
        False,
    )
    assert their_first["type"] == "next", their_first
    assert their_first["payload"]["data"]["notificationFeed"]["portfolioId"] == theirs

"""The marketDataUpdates subscription: prices and alerts of the subscriber's listings only."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from edge.app import create_app
from edge.market_feed import ListingAudience
from taplatform.events import Event
from tests.edge.conftest import WebSocketSession, lifespan_running
from tests.edge.market_stack import (
    MarketStack,
    price_csv,
    recent_sessions,
    relay_outboxes,
    universe,
)

SUBSCRIPTION = """subscription($only: [ID!]) { marketDataUpdates(listingIds: $only) {
  __typename
  ... on PricesUpdated { listingId inserted taskRunId }
  ... on AlertChanged { eventType listingId rule status severity freeze }
} }"""
IMPORT = """mutation($input: ImportPricesCsvInput!) {
  importPricesCsv(input: $input) { __typename ... on CsvImport { taskRun { id } } } }"""


def event(event_type: str, aggregate_id: str, **payload: Any) -> Event:
    return Event(
        uuid.uuid4(), event_type, "x", aggregate_id, payload, datetime(2026, 1, 2, tzinfo=UTC)
    )


def test_a_listing_audience_admits_its_listings_and_follows_constituent_changes() -> None:
    audience = ListingAudience.of("u1", ["p1"], [("p1", "l1")])

    assert audience.admits(event("PricesIngested", "l1"))
    assert not audience.admits(event("PricesIngested", "l2"))
    assert not audience.admits(event("AlertOpened", "a1", listing_id="l2"))
    assert not audience.admits(event("ConstituentAdded", "l2", portfolio_id="p9"))
    assert not audience.admits(event("AlertOpened", "a1", listing_id="l2"))
    audience.admits(event("ConstituentAdded", "l2", portfolio_id="p1"))
    assert audience.admits(event("AlertOpened", "a1", listing_id="l2"))
    audience.admits(event("ConstituentRemoved", "l1", portfolio_id="p1"))
    assert not audience.admits(event("PricesIngested", "l1"))


def test_a_listing_audience_narrowed_to_one_listing_admits_only_that_one() -> None:
    audience = ListingAudience.of("u1", ["p1"], [("p1", "l1"), ("p1", "l2")], only=["l2"])

    assert not audience.admits(event("PricesIngested", "l1"))
    assert audience.admits(event("PricesIngested", "l2"))


async def wait_for(condition: Callable[[], bool], deadline_s: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    while not condition():
        assert loop.time() < until, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_a_subscriber_hears_of_new_prices_and_alerts_of_its_listings_and_not_others(
    market: MarketStack,
) -> None:
    me = await market.registry.new_user()
    other = await market.registry.new_user()
    mine = await universe(me)
    theirs = await universe(other)
    closes = ["2500", "2510", "2490", "2505", "2500", "25.10"]
    content = price_csv(list(zip(recent_sessions(len(closes)), closes, strict=True)))
    database_url = market.registry.database_url
    app = create_app(market.edge_settings())
    async with (
        lifespan_running(app),
        market.client(other) as theirs_client,
        market.client(me) as my_client,
    ):
        await relay_outboxes(database_url, market.redis_url, "registry", "marketdata")
        listed_before = market.registry_calls.calls["ListConstituents"]
        async with WebSocketSession(app, "/graphql", ["graphql-transport-ws"]) as ws:
            init = {"type": "connection_init", "payload": {"authorization": f"Bearer {me.token}"}}
            await ws.send_json(init)
            assert (await ws.receive_json())["type"] == "connection_ack"
            subscribe = {"query": SUBSCRIPTION, "variables": {"only": None}}
            await ws.send_json({"id": "1", "type": "subscribe", "payload": subscribe})
            # The cursor is placed before the audience loads: once the registry answered
            # ListConstituents, every event published from here on is delivered.
            await wait_for(lambda: market.registry_calls.calls["ListConstituents"] > listed_before)
            for client, owned in ((theirs_client, theirs), (my_client, mine)):
                fields = {"content": content, "listing": owned.tickers[0], "currency": "GBX"}
                made = await client.data(IMPORT, {"input": fields | {"confirm": True}})
                assert made["importPricesCsv"]["__typename"] == "CsvImport", made
            await relay_outboxes(database_url, market.redis_url, "marketdata")
            received = [await ws.receive_json() for _ in range(2)]
            await ws.send_json({"id": "1", "type": "complete"})

    updates = [message["payload"]["data"]["marketDataUpdates"] for message in received]
    assert {u["listingId"] for u in updates} == {mine.listing_ids[0]}
    by_type = {u["__typename"]: u for u in updates}
    assert by_type["PricesUpdated"]["inserted"] == len(closes)
    alert = by_type["AlertChanged"]
    assert (alert["eventType"], alert["rule"], alert["status"]) == (
        "AlertOpened",
        "scale_mismatch",
        "OPEN",
    )
    assert (alert["severity"], alert["freeze"]) == ("CRITICAL", True)

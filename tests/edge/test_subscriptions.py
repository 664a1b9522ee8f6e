"""Subscriptions: systemStatusUpdates in the schema and over the graphql-transport-ws protocol."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from edge.app import create_app
from edge.context import EdgeContext
from edge.schema import schema
from edge.status import ServiceStatusChecker
from tests.edge.conftest import (
    NOT_SERVING,
    HealthServers,
    WebSocketSession,
    lifespan_running,
    open_channels,
)

SUBSCRIPTION = "subscription { systemStatusUpdates { name status } }"


async def test_system_status_updates_starts_with_the_current_status(
    health_servers: HealthServers,
) -> None:
    await health_servers.set("oms", NOT_SERVING)

    async with open_channels(health_servers.settings()) as channels:
        context = EdgeContext(status_checker=ServiceStatusChecker(channels, timeout_s=1.0))
        updates = await schema.subscribe(SUBSCRIPTION, context_value=context)
        assert isinstance(updates, AsyncGenerator)
        first = await anext(updates)
        await updates.aclose()

    assert first.errors is None
    assert first.data is not None
    assert first.data["systemStatusUpdates"][-1] == {"name": "oms", "status": "NOT_SERVING"}


async def test_subscriptions_speak_graphql_transport_ws(health_servers: HealthServers) -> None:
    app = create_app(health_servers.settings())

    async with (
        lifespan_running(app),
        WebSocketSession(app, "/graphql", ["graphql-transport-ws"]) as ws,
    ):
        await ws.send_json({"type": "connection_init"})
        ack = await ws.receive_json()
        await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
        result = await ws.receive_json()
        await ws.send_json({"id": "1", "type": "complete"})

    assert ws.subprotocol == "graphql-transport-ws"
    assert ack["type"] == "connection_ack"
    assert (result["type"], result["id"]) == ("next", "1")
    rows = result["payload"]["data"]["systemStatusUpdates"]
    assert [(row["name"], row["status"]) for row in rows] == [
        (name, "SERVING") for name in ("registry", "marketdata", "ledger", "engine", "oms")
    ]

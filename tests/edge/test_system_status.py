"""The systemStatus query: resolver-level through ``schema.execute``, and once over HTTP."""

from __future__ import annotations

import logging

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from edge.app import create_app
from edge.channels import ChannelsNotOpenError, ServiceChannels
from edge.context import EdgeContext
from edge.schema import schema
from edge.status import HEALTH_TIMEOUT_CAP_S, ServiceStatusChecker
from taplatform.config import EdgeSettings
from tests.edge.conftest import NOT_SERVING, HealthServers, edge_client, open_channels

QUERY = "{ systemStatus { name address status detail } }"


async def test_system_status_lists_the_five_services_with_what_each_said(
    health_servers: HealthServers, unreachable_addr: str
) -> None:
    await health_servers.set("marketdata", NOT_SERVING)
    await health_servers.set("engine", health_pb2.HealthCheckResponse.SERVICE_UNKNOWN)
    settings = health_servers.settings(oms_addr=unreachable_addr)

    async with open_channels(settings) as channels:
        checker = ServiceStatusChecker(channels, timeout_s=settings.rpc_timeout_s)
        result = await schema.execute(QUERY, context_value=EdgeContext(status_checker=checker))

    assert result.errors is None
    assert result.data is not None
    rows = {row["name"]: row for row in result.data["systemStatus"]}
    assert list(rows) == ["registry", "marketdata", "ledger", "engine", "oms"]
    assert {name: row["status"] for name, row in rows.items()} == {
        "registry": "SERVING",
        "marketdata": "NOT_SERVING",
        "ledger": "SERVING",
        "engine": "UNKNOWN",
        "oms": "UNREACHABLE",
    }
    assert rows["registry"]["detail"] is None
    assert rows["registry"]["address"] == f"127.0.0.1:{health_servers.ports['registry']}"
    assert rows["marketdata"]["detail"] == "the service reports NOT_SERVING"
    assert "SERVICE_UNKNOWN" in rows["engine"]["detail"]
    assert rows["oms"]["address"] == unreachable_addr
    assert rows["oms"]["detail"]


async def test_a_service_without_a_registered_health_status_is_unknown(
    health_servers: HealthServers,
) -> None:
    server = grpc.aio.server()
    health_pb2_grpc.add_HealthServicer_to_server(health.aio.HealthServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    settings = health_servers.settings(ledger_addr=f"127.0.0.1:{port}")

    try:
        async with open_channels(settings) as channels:
            statuses = await ServiceStatusChecker(channels, timeout_s=1.0).check_all()
    finally:
        await server.stop(None)

    ledger = next(s for s in statuses if s.name == "ledger")
    assert ledger.status.value == "UNKNOWN"
    assert ledger.detail is not None and "NOT_FOUND" in ledger.detail


def test_health_checks_never_wait_longer_than_the_cap() -> None:
    checker = ServiceStatusChecker(ServiceChannels(EdgeSettings()), timeout_s=60.0)

    assert checker.timeout_s == HEALTH_TIMEOUT_CAP_S == 2.0


async def test_unexpected_errors_are_masked_for_the_client_and_logged_in_full(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Channels that were never opened make the resolver raise ChannelsNotOpenError.
    channels = ServiceChannels(EdgeSettings())
    checker = ServiceStatusChecker(channels, timeout_s=1.0)

    with caplog.at_level(logging.ERROR, logger="strawberry.execution"):
        result = await schema.execute(QUERY, context_value=EdgeContext(status_checker=checker))

    assert result.errors is not None
    assert [error.message for error in result.errors] == ["Unexpected error."]
    assert result.errors[0].original_error is None
    logged = [r.exc_info[1] for r in caplog.records if r.exc_info]
    assert any(isinstance(error, ChannelsNotOpenError) for error in logged)


async def test_query_errors_are_not_masked(health_servers: HealthServers) -> None:
    async with open_channels(health_servers.settings()) as channels:
        checker = ServiceStatusChecker(channels, timeout_s=1.0)
        result = await schema.execute(
            "{ systemStatus { colour } }", context_value=EdgeContext(status_checker=checker)
        )

    assert result.errors is not None
    assert "colour" in result.errors[0].message


async def test_system_status_over_http_answers_json(health_servers: HealthServers) -> None:
    await health_servers.set("registry", NOT_SERVING)

    async with edge_client(create_app(health_servers.settings())) as client:
        response = await client.post("/graphql", json={"query": QUERY})

    assert response.status_code == 200
    rows = response.json()["data"]["systemStatus"]
    assert [(row["name"], row["status"]) for row in rows][:2] == [
        ("registry", "NOT_SERVING"),
        ("marketdata", "SERVING"),
    ]

"""Each gRPC process serves Prometheus metrics: RPC latency and errors, pool, outbox, gauges."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import grpc
import httpx
import pytest
from sqlalchemy import MetaData, update
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from services.marketdata.store import alerts
from services.oms.store import orders
from taplatform.config import ServiceSettings
from taplatform.db import create_engine
from taplatform.events import Event
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.metrics import GaugeSpec, ProcessMetrics, Sample, SampledGauges, metrics_port
from taplatform.outbox import add_event
from taplatform.runner import build_app
from taplatform.tables import platform_tables
from tests.support import DatabaseFactory, wait_for_health
from tests.taplatform.scrape import scrape, value


@pytest.fixture
async def database_url(new_database: DatabaseFactory) -> str:
    return await new_database()


@pytest.fixture
async def operator(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The login (super)user, changing rows as an operator (or another process) would."""
    engine = create_engine(database_url, application_name="ta-tests", pool_size=1)
    yield engine
    await engine.dispose()


async def serve(name: str, database_url: str, redis_url: str) -> ServiceHost:
    settings = ServiceSettings(database_url=database_url, redis_url=redis_url)
    host = ServiceHost(
        build_app(name, settings),
        probe_interval_s=0.1,
        shutdown_grace_s=0,
        metrics_port=0,
        metrics_cache_s=0,
    )
    await host.start()
    assert await wait_for_health(f"127.0.0.1:{host.port}", SERVING) == SERVING
    return host


def event(occurred_at: datetime) -> Event:
    return Event(uuid.uuid4(), "Tested", "test", "t-1", {}, occurred_at)


async def test_a_service_serves_rpc_latency_errors_pool_and_outbox_lag(
    database_url: str, redis_url: str, operator: AsyncEngine
) -> None:
    host = await serve("ledger", database_url, redis_url)
    try:
        async with operator.begin() as connection:
            outbox = platform_tables(MetaData(schema="ledger")).outbox
            await add_event(connection, outbox, event(datetime.now(UTC) - timedelta(hours=1)))
        async with grpc.aio.insecure_channel(f"127.0.0.1:{host.port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await ledger_pb2_grpc.LedgerServiceStub(channel).ListHoldings(
                    ledger_pb2.ListHoldingsRequest(portfolio_id="p-1"), timeout=10
                )
        samples = await scrape(host.metrics_port)
    finally:
        await host.stop()

    assert refused.value.code() is grpc.StatusCode.UNAUTHENTICATED
    method = "tradingassistant.ledger.v1.LedgerService/ListHoldings"
    denied = {"service": "ledger", "method": method, "code": "UNAUTHENTICATED"}
    assert value(samples, "ta_rpc_duration_seconds_count", **denied) == 1
    assert value(samples, "ta_rpc_errors_total", **denied) == 1
    health = {"service": "ledger", "method": "grpc.health.v1.Health/Check", "code": "OK"}
    assert (value(samples, "ta_rpc_duration_seconds_count", **health) or 0) >= 1
    assert value(samples, "ta_rpc_errors_total", **health) is None
    assert value(samples, "ta_db_pool_size", process="ledger") == 5
    # The readiness probe may hold a connection at the moment of the scrape.
    assert value(samples, "ta_db_pool_checked_out", process="ledger") in (0, 1)
    assert value(samples, "ta_db_pool_overflow", process="ledger") == 0
    assert value(samples, "ta_outbox_unpublished", service="ledger") == 1
    age_s = value(samples, "ta_outbox_oldest_unpublished_age_seconds", service="ledger")
    assert age_s is not None and 3600 <= age_s < 4000


def order_row(state: str) -> dict[str, Any]:
    return {
        "order_id": uuid.uuid4(),
        "portfolio_id": "p-1",
        "order_key": f"k-{uuid.uuid4()}",
        "request": {},
        "request_hash": "h",
        "listing_id": "l-1",
        "side": "buy",
        "quantity": Decimal("10"),
        "price_currency": "GBP",
        "base_currency": "GBP",
        "base_per_quote": Decimal("1"),
        "broker": "paper",
        "state": state,
        "filled_quantity": Decimal("0"),
        "version": 1,
        "created_at": datetime(2026, 1, 2, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 2, tzinfo=UTC),
    }


def alert_row(rule: str, severity: str) -> dict[str, Any]:
    at = datetime(2026, 1, 2, tzinfo=UTC)
    return {
        "alert_id": uuid.uuid4(),
        "rule": rule,
        "listing_id": "l-1",
        "severity": severity,
        "status": "open",
        "message": "tested",
        "details": {},
        "freeze": True,
        "auto_unfreeze": False,
        "opened_at": at,
        "last_seen_at": at,
        "occurrences": 1,
    }


async def test_oms_orders_by_state_follow_the_orders_table(
    database_url: str, redis_url: str, operator: AsyncEngine
) -> None:
    host = await serve("oms", database_url, redis_url)
    try:
        before = await scrape(host.metrics_port)
        async with operator.begin() as connection:
            await connection.execute(orders.insert(), [order_row("new"), order_row("filled")])
            await connection.execute(orders.insert(), [order_row("filled")])
        after = await scrape(host.metrics_port)
    finally:
        await host.stop()

    # Every state is reported, 0 included, so an emptied state does not vanish.
    assert value(before, "ta_oms_orders", state="filled") == 0
    assert value(before, "ta_oms_orders", state="cancelled") == 0
    assert value(after, "ta_oms_orders", state="filled") == 2
    assert value(after, "ta_oms_orders", state="new") == 1
    assert value(after, "ta_oms_orders", state="cancelled") == 0


async def test_marketdata_open_alerts_by_rule_and_severity_follow_the_alerts(
    database_url: str, redis_url: str, operator: AsyncEngine
) -> None:
    host = await serve("marketdata", database_url, redis_url)
    stale, jump = alert_row("stale", "warning"), alert_row("jump", "critical")
    try:
        async with operator.begin() as connection:
            await connection.execute(alerts.insert(), [stale, jump])
        opened = await scrape(host.metrics_port)
        async with operator.begin() as connection:
            await connection.execute(
                update(alerts)
                .where(alerts.c.alert_id == jump["alert_id"])
                .values(status="resolved", resolved_at=datetime(2026, 1, 3, tzinfo=UTC))
            )
        resolved = await scrape(host.metrics_port)
    finally:
        await host.stop()

    name = "ta_dq_alerts_open"
    assert value(opened, name, rule="stale", severity="warning", status="open") == 1
    assert value(opened, name, rule="jump", severity="critical", status="open") == 1
    assert value(resolved, name, rule="stale", severity="warning", status="open") == 1
    assert value(resolved, name, rule="jump", severity="critical", status="open") is None


async def test_a_failed_sample_keeps_serving_the_last_values() -> None:
    spec = GaugeSpec("ta_tested", "Tested.", ("kind",))
    answers: list[Sample | Exception] = [{spec.name: [(("a",), 1.0)]}, RuntimeError("db down")]

    async def sample() -> Sample:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    metrics = ProcessMetrics("tested")
    metrics.watch(SampledGauges((spec,), sample), ttl_s=0)
    port = metrics.serve("127.0.0.1", 0)
    try:
        first, second = await scrape(port), await scrape(port)
    finally:
        metrics.stop()
    assert value(first, "ta_tested", kind="a") == 1
    assert value(second, "ta_tested", kind="a") == 1
    assert answers == []


def test_each_process_has_its_own_default_metrics_port_and_zero_turns_it_off() -> None:
    names = ("worker", "registry", "marketdata", "ledger", "engine", "oms")
    assert [metrics_port(name, None) for name in names] == list(range(9464, 9470))
    assert metrics_port("engine", 9100) == 9100
    assert metrics_port("engine", 0) is None


async def test_a_taken_metrics_port_leaves_the_process_running_without_metrics() -> None:
    first, second = ProcessMetrics("first"), ProcessMetrics("second")
    first.observe_rpc("Tested/Call", grpc.StatusCode.OK, 0.01)
    port = first.serve("127.0.0.1", 0)
    try:
        assert second.serve("127.0.0.1", port) == 0
        # The port still answers with the first process's metrics.
        called = {"service": "first", "method": "Tested/Call", "code": "OK"}
        assert value(await scrape(port), "ta_rpc_duration_seconds_count", **called) == 1
    finally:
        first.stop()
        second.stop()
    with pytest.raises(httpx.ConnectError):
        await scrape(port)

"""The worker's OMS job: it triggers RunDueWork over gRPC with an admin's token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import grpc
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.oms.v1 import oms_pb2

from services.oms import jobs
from services.oms.brokers.http import HttpBroker
from services.oms.brokers.simulated import ManualBroker
from services.oms.ports import FakeValuation
from taplatform.testing import FakeClock
from tests.oms.broker_double import BrokerDouble
from tests.oms.system import ADMIN_TOKEN, TOKEN, System, running_system
from tests.oms.test_fault import go_live_over_grpc
from tests.oms.test_service import create


@pytest.fixture
async def system(
    own_database: str,
    redis_url: str,
    own_engine: AsyncEngine,
    clock: FakeClock,
    double: BrokerDouble,
) -> AsyncIterator[System]:
    live = HttpBroker(double.url, timeout_s=0.5)
    overrides: dict[str, Any] = {
        "brokers": {"live": live, "manual": ManualBroker()},
        "valuation": FakeValuation(default=Decimal(1_000_000)),
    }
    try:
        async with running_system(
            own_database, redis_url, own_engine, clock, **overrides
        ) as running:
            yield running
    finally:
        await live.close()


async def test_the_cron_job_retries_due_dead_letters_in_the_oms_as_an_admin(
    system: System, double: BrokerDouble, clock: FakeClock
) -> None:
    portfolio = await system.new_portfolio()
    await go_live_over_grpc(system, portfolio)
    double.scripted = ["reset_before"]
    parked = await system.oms.CreateOrder(create(portfolio, "job-1", "3"), timeout=10)
    assert parked.order.state == oms_pb2.ORDER_STATE_PENDING_SUBMIT and parked.order.dead_lettered
    ctx: dict[str, Any] = {}
    await jobs.install(ctx, system.oms_address, ADMIN_TOKEN)
    try:
        assert (await jobs.run_oms_due_work(ctx))["dead_letters_attempted"] == 0, "not due yet"
        clock.advance(timedelta(minutes=5))
        assert (await jobs.run_oms_due_work(ctx))["dead_letters_attempted"] == 1
    finally:
        await jobs.uninstall(ctx)
    request = oms_pb2.GetOrderRequest(portfolio_id=portfolio, order_id=parked.order.order_id)
    order = (await system.oms.GetOrder(request, timeout=10)).order
    assert order.state == oms_pb2.ORDER_STATE_FILLED and not order.dead_lettered
    assert double.submits == {parked.order.client_order_id: 1}
    assert len(jobs.cron_jobs()) == 1


async def test_a_user_token_cannot_run_the_oms_due_work(system: System) -> None:
    ctx: dict[str, Any] = {}
    await jobs.install(ctx, system.oms_address, TOKEN)
    try:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await jobs.run_oms_due_work(ctx)
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        await jobs.uninstall(ctx)

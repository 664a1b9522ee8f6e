"""The OMS over real gRPC with the real ledger in-process: idempotent concurrent creates,
fills booked once, guardrail refusals as typed reasons, order detail with its events."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2
from tradingassistant.oms.v1 import oms_pb2

from taplatform.testing import FakeClock
from tests.oms.system import System, running_system


@pytest.fixture
async def system(
    migrated_database_url: str, redis_url: str, oms_engine: AsyncEngine, clock: FakeClock
) -> AsyncIterator[System]:
    async with running_system(migrated_database_url, redis_url, oms_engine, clock) as running:
        yield running


def create(
    portfolio: str, key: str, quantity: str = "40", listing: str = "VUSA.L"
) -> oms_pb2.CreateOrderRequest:
    return oms_pb2.CreateOrderRequest(
        order_key=key,
        portfolio_id=portfolio,
        listing_id=listing,
        side=oms_pb2.ORDER_SIDE_BUY,
        quantity=types_pb2.Decimal(value=quantity),
    )


def reason_of(error: grpc.aio.AioRpcError) -> str:
    status = rpc_status.from_call(error)
    assert status is not None
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return str(info.reason)
    return ""


async def ledger_entries(system: System, portfolio: str) -> list[ledger_pb2.Entry]:
    reply = await system.ledger.ListEntries(
        ledger_pb2.ListEntriesRequest(
            portfolio_id=portfolio,
            kinds=[ledger_pb2.ENTRY_KIND_BUY, ledger_pb2.ENTRY_KIND_SELL],
            page=types_pb2.PageRequest(page_size=1000),
        ),
        timeout=10,
    )
    return list(reply.entries)


async def test_fifty_concurrent_creates_of_one_key_make_one_order_one_set_of_fills_and_entries(
    system: System,
) -> None:
    portfolio = await system.new_portfolio()
    replies = await asyncio.gather(
        *(system.oms.CreateOrder(create(portfolio, "line-7"), timeout=60) for _ in range(50))
    )
    assert len({r.order.order_id for r in replies}) == 1
    statuses = sorted(r.status for r in replies)
    assert statuses == [oms_pb2.CREATE_STATUS_CREATED] + [oms_pb2.CREATE_STATUS_EXISTS] * 49
    order_id = replies[0].order.order_id
    detail = await system.oms.GetOrder(
        oms_pb2.GetOrderRequest(portfolio_id=portfolio, order_id=order_id), timeout=10
    )
    assert detail.order.state == oms_pb2.ORDER_STATE_FILLED
    assert all(f.booked for f in detail.fills)
    assert sum(Decimal(f.quantity.value) for f in detail.fills) == Decimal(40)
    listed = await system.oms.ListOrders(
        oms_pb2.ListOrdersRequest(portfolio_id=portfolio), timeout=10
    )
    assert [o.order_id for o in listed.orders] == [order_id]
    entries = await ledger_entries(system, portfolio)
    assert sorted(e.entry_id for e in entries) == sorted(f.ledger_entry_id for f in detail.fills)
    holdings = await system.ledger.ListHoldings(
        ledger_pb2.ListHoldingsRequest(portfolio_id=portfolio), timeout=10
    )
    assert [(h.listing_id, Decimal(h.quantity.value)) for h in holdings.holdings] == [
        ("VUSA.L", Decimal(40))
    ]
    assert [e.event_type for e in detail.events][:3] == [
        "OrderCreated",
        "OrderSubmitting",
        "OrderSubmitted",
    ]


async def test_a_pence_order_books_the_listing_price_and_the_pence_rate(system: System) -> None:
    portfolio = await system.new_portfolio()
    reply = await system.oms.CreateOrder(create(portfolio, "vod", "1000", "VOD.L"), timeout=10)
    entries = await ledger_entries(system, portfolio)
    assert {e.price.currency_code for e in entries} == {"GBX"}
    assert {e.fx_rate.value for e in entries} == {"0.01"}
    assert sum(Decimal(e.quantity.value) for e in entries) == Decimal(1000)
    assert reply.order.state == oms_pb2.ORDER_STATE_FILLED


async def test_guardrail_refusals_carry_their_reason_code(system: System) -> None:
    portfolio = await system.new_portfolio()
    state = await system.oms.GetTradingState(
        oms_pb2.GetTradingStateRequest(portfolio_id=portfolio), timeout=10
    )
    assert (state.state.mode, state.state.dry_run_broker) == (oms_pb2.TRADING_MODE_DRY_RUN, "paper")
    limits = oms_pb2.GuardrailLimits(
        max_order_notional=types_pb2.Money(
            currency_code="GBP", amount=types_pb2.Decimal(value="1000")
        )
    )
    await system.oms.UpdateGuardrailLimits(
        oms_pb2.UpdateGuardrailLimitsRequest(
            portfolio_id=portfolio, version=state.state.version, limits=limits
        ),
        timeout=10,
    )
    with pytest.raises(grpc.aio.AioRpcError) as over:
        await system.oms.CreateOrder(create(portfolio, "big", "11"), timeout=10)
    assert (over.value.code(), reason_of(over.value)) == (
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "NOTIONAL_EXCEEDS_MAX",
    )
    await system.oms.SetKillSwitch(
        oms_pb2.SetKillSwitchRequest(portfolio_id=portfolio, engaged=True), timeout=10
    )
    with pytest.raises(grpc.aio.AioRpcError) as halted:
        await system.oms.CreateOrder(create(portfolio, "small", "1"), timeout=10)
    assert (halted.value.code(), reason_of(halted.value)) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "TRADING_HALTED",
    )
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await system.oms.CreateOrder(create(portfolio, "bad", "-3"), timeout=10)
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "quantity" in (
        bad.value.details() or ""
    )


async def test_an_order_of_another_portfolio_is_not_found(system: System) -> None:
    mine, other = await system.new_portfolio(), await system.new_portfolio()
    reply = await system.oms.CreateOrder(create(mine, "k", "1"), timeout=10)
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await system.oms.GetOrder(
            oms_pb2.GetOrderRequest(portfolio_id=other, order_id=reply.order.order_id), timeout=10
        )
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as malformed:
        await system.oms.GetOrder(
            oms_pb2.GetOrderRequest(portfolio_id=mine, order_id=str(uuid.uuid4())[:5]), timeout=10
        )
    assert malformed.value.code() == grpc.StatusCode.INVALID_ARGUMENT

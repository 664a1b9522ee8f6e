"""The ledger with the real registry: base currency, constituents and the caller, end to end.

The registry runs in-process (its own test harness); the ledger is the real
service wired by its bootstrap (registry directory, registry-backed auth).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb

from taplatform.config import ServiceSettings
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.runner import build_app
from tests.ledger.test_grpc_api import contribution, money
from tests.registry.harness import Caller, Registry, bearer, start_registry, stop_registry
from tests.registry.universe import listing, portfolio
from tests.support import DatabaseFactory, wait_for_health


@pytest.fixture(scope="module")
async def registry(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Registry]:
    started = await start_registry(await new_database(), redis_url)
    yield started
    await stop_registry(started)


@pytest.fixture
async def ledger(
    registry: Registry, redis_url: str
) -> AsyncIterator[ledger_pb2_grpc.LedgerServiceStub]:
    settings = ServiceSettings(
        database_url=registry.database_url, redis_url=redis_url, registry_addr=registry.address
    )
    async with ServiceHost(build_app("ledger", settings), probe_interval_s=0.1) as host:
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, SERVING) == SERVING
        async with grpc.aio.insecure_channel(address) as channel:
            yield ledger_pb2_grpc.LedgerServiceStub(channel)


async def _universe(alice: Caller, base_currency: str = "GBP") -> tuple[str, str]:
    owned = await portfolio(alice, base_currency=base_currency)
    held = await listing(alice)
    await alice(
        "AddConstituent",
        rpb.AddConstituentRequest(portfolio_id=owned.portfolio_id, listing_id=held.listing_id),
    )
    return owned.portfolio_id, held.listing_id


def _buy(listing_id: str, quantity: str, pence: str) -> ledger_pb2.Entry:
    return ledger_pb2.Entry(
        entry_id=str(uuid.uuid4()),
        kind=ledger_pb2.ENTRY_KIND_BUY,
        listing_id=listing_id,
        quantity=types_pb2.Decimal(value=quantity),
        price=money(pence, "GBX"),
        fx_rate=types_pb2.Decimal(value="0.01"),
        entry_date="2026-01-02",
    )


def _submit(portfolio_id: str, *entries: ledger_pb2.Entry) -> ledger_pb2.SubmitBatchRequest:
    return ledger_pb2.SubmitBatchRequest(
        batch_id=str(uuid.uuid4()), portfolio_id=portfolio_id, entries=list(entries)
    )


async def test_a_buy_books_against_the_registry_portfolio_as_its_owner(
    registry: Registry, ledger: Any
) -> None:
    alice = await registry.new_user()
    portfolio_id, listing_id = await _universe(alice)
    reply = await ledger.SubmitBatch(
        _submit(portfolio_id, contribution("100.00"), _buy(listing_id, "10", "250")),
        metadata=bearer(alice.token),
        timeout=10,
    )
    assert reply.status == ledger_pb2.SUBMIT_STATUS_CREATED
    assert reply.batch.actor_user_id == alice.user.user_id
    holdings = await ledger.ListHoldings(
        ledger_pb2.ListHoldingsRequest(portfolio_id=portfolio_id), metadata=bearer(alice.token)
    )
    [held] = holdings.holdings
    assert (held.listing_id, held.quantity.value, held.average_cost.amount.value) == (
        listing_id,
        "10",
        "2.5000000000",
    )
    assert held.average_cost.currency_code == "GBP"


async def test_a_listing_outside_the_registry_universe_is_refused(
    registry: Registry, ledger: Any
) -> None:
    alice = await registry.new_user()
    portfolio_id, _ = await _universe(alice)
    elsewhere = await listing(alice)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await ledger.SubmitBatch(
            _submit(portfolio_id, contribution("100"), _buy(elsewhere.listing_id, "1", "1")),
            metadata=bearer(alice.token),
            timeout=10,
        )
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "not in the portfolio" in (refused.value.details() or "")


async def test_the_base_currency_comes_from_the_registry(registry: Registry, ledger: Any) -> None:
    alice = await registry.new_user()
    portfolio_id, _ = await _universe(alice, base_currency="VND")
    account = await ledger.GetAccount(
        ledger_pb2.GetAccountRequest(portfolio_id=portfolio_id), metadata=bearer(alice.token)
    )
    assert (account.account.base_currency, account.account.version) == ("VND", 0)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await ledger.SubmitBatch(
            _submit(portfolio_id, contribution("100")), metadata=bearer(alice.token), timeout=10
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT  # GBP cash into VND


async def test_another_user_cannot_post_to_the_portfolio(registry: Registry, ledger: Any) -> None:
    alice, bob = await registry.new_user(), await registry.new_user()
    portfolio_id, _ = await _universe(alice)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await ledger.SubmitBatch(
            _submit(portfolio_id, contribution("1")), metadata=bearer(bob.token), timeout=10
        )
    assert refused.value.code() in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.NOT_FOUND)

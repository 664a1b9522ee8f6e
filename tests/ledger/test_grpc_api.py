"""The ledger over real gRPC (port 0): statuses, error details, paging, concurrency."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from services.ledger.bootstrap import bootstrap
from services.ledger.directory import FakePortfolioDirectory
from taplatform.auth.wiring import ServiceAuth
from taplatform.config import ServiceSettings
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.testing import FakeClock
from tests.ledger.conftest import OWNER, OWNER_TOKEN, BearerInterceptor
from tests.support import wait_for_health

Stub = ledger_pb2_grpc.LedgerServiceStub


@pytest.fixture
async def stub(
    ledger_settings: ServiceSettings,
    directory: FakePortfolioDirectory,
    clock: FakeClock,
    auth: ServiceAuth,
) -> AsyncIterator[Stub]:
    """A client (as alice) of the real ledger server on port 0."""
    app = bootstrap(ledger_settings, directory=directory, clock=clock, auth=auth)
    async with ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0) as host:
        address = f"127.0.0.1:{host.port}"
        assert await wait_for_health(address, SERVING) == SERVING
        interceptors = [BearerInterceptor(OWNER_TOKEN)]
        async with grpc.aio.insecure_channel(address, interceptors=interceptors) as channel:
            yield ledger_pb2_grpc.LedgerServiceStub(channel)


def money(amount: str, currency: str = "GBP") -> types_pb2.Money:
    return types_pb2.Money(currency_code=currency, amount=types_pb2.Decimal(value=amount))


def contribution(amount: str = "100.00") -> ledger_pb2.Entry:
    return ledger_pb2.Entry(
        entry_id=str(uuid.uuid4()),
        kind=ledger_pb2.ENTRY_KIND_CONTRIBUTION,
        amount=money(amount),
        entry_date="2026-01-02",
    )


def request(portfolio: str, *entries: ledger_pb2.Entry) -> ledger_pb2.SubmitBatchRequest:
    return ledger_pb2.SubmitBatchRequest(
        batch_id=str(uuid.uuid4()), portfolio_id=portfolio, entries=list(entries)
    )


def _details(error: grpc.aio.AioRpcError) -> tuple[str, list[str]]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    assert status is not None
    reason, fields = "", []
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields = [v.field for v in bad.field_violations]
    return reason, fields


async def test_submit_then_resubmit_answers_created_then_exists(stub: Stub, portfolio: str) -> None:
    submit = request(portfolio, contribution("100.00"))
    first = await stub.SubmitBatch(submit, timeout=10)
    again = await stub.SubmitBatch(submit, timeout=10)
    assert first.status == ledger_pb2.SUBMIT_STATUS_CREATED
    assert again.status == ledger_pb2.SUBMIT_STATUS_EXISTS
    assert again.batch == first.batch
    assert first.batch.actor_user_id == OWNER
    cash = await stub.ListCash(ledger_pb2.ListCashRequest(portfolio_id=portfolio), timeout=10)
    assert [(b.balance.currency_code, b.balance.amount.value) for b in cash.balances] == [
        ("GBP", "100.00")
    ]


async def test_conflicting_resubmit_is_already_exists_with_the_reason(
    stub: Stub, portfolio: str
) -> None:
    submit = request(portfolio, contribution("100.00"))
    await stub.SubmitBatch(submit, timeout=10)
    submit.entries[0].amount.amount.value = "100.01"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.SubmitBatch(submit, timeout=10)
    assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert _details(refused.value)[0] == "EXISTS_WITH_DIFFERENT_AMOUNT"


async def test_malformed_entries_are_invalid_argument_naming_each_field(
    stub: Stub, portfolio: str
) -> None:
    bad = contribution("-5")
    bad.entry_id = "not-a-uuid"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.SubmitBatch(request(portfolio, bad), timeout=10)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _details(refused.value)[1] == ["entries[0].entry_id", "entries[0].amount.amount"]


async def test_list_entries_pages_and_filters(stub: Stub, portfolio: str) -> None:
    entries = [contribution(str(n)) for n in range(1, 6)]
    await stub.SubmitBatch(request(portfolio, *entries), timeout=10)
    seen: list[str] = []
    token = ""
    while True:
        page = await stub.ListEntries(
            ledger_pb2.ListEntriesRequest(
                portfolio_id=portfolio, page=types_pb2.PageRequest(page_size=2, page_token=token)
            ),
            timeout=10,
        )
        seen += [e.amount.amount.value for e in page.entries]
        token = page.page.next_page_token
        if not token:
            break
    assert seen == ["1", "2", "3", "4", "5"]
    none = await stub.ListEntries(
        ledger_pb2.ListEntriesRequest(portfolio_id=portfolio, kinds=[ledger_pb2.ENTRY_KIND_BUY]),
        timeout=10,
    )
    assert list(none.entries) == []


async def test_fifty_concurrent_identical_submits_apply_once(stub: Stub, portfolio: str) -> None:
    submit = request(portfolio, contribution("10.00"), contribution("5.00"))
    replies = await asyncio.gather(*(stub.SubmitBatch(submit, timeout=60) for _ in range(50)))
    statuses = [r.status for r in replies]
    assert statuses.count(ledger_pb2.SUBMIT_STATUS_CREATED) == 1
    assert statuses.count(ledger_pb2.SUBMIT_STATUS_EXISTS) == 49
    assert len({r.batch.SerializeToString() for r in replies}) == 1
    account = await stub.GetAccount(ledger_pb2.GetAccountRequest(portfolio_id=portfolio))
    assert (account.account.batch_count, account.account.entry_count) == (1, 2)


async def test_two_hundred_concurrent_batches_on_one_portfolio_match_the_replay(
    stub: Stub, portfolio: str
) -> None:
    await stub.SubmitBatch(request(portfolio, contribution("1000")), timeout=10)
    withdraw = ledger_pb2.ENTRY_KIND_WITHDRAWAL

    def batch_number(n: int) -> ledger_pb2.SubmitBatchRequest:
        entry = contribution(f"{n}.01")
        if n % 3 == 0:
            entry.kind = withdraw
        return request(portfolio, entry, contribution("0.5"))

    replies = await asyncio.gather(
        *(stub.SubmitBatch(batch_number(n), timeout=120) for n in range(200)),
        return_exceptions=True,
    )
    refused = [r for r in replies if isinstance(r, grpc.aio.AioRpcError)]
    assert all(r.code() == grpc.StatusCode.FAILED_PRECONDITION for r in refused)
    verified = await stub.VerifyPortfolio(
        ledger_pb2.VerifyPortfolioRequest(portfolio_id=portfolio), timeout=30
    )
    assert verified.consistent, verified.differences
    assert verified.entries_replayed == 1 + 2 * (200 - len(refused))
    account = await stub.GetAccount(ledger_pb2.GetAccountRequest(portfolio_id=portfolio))
    assert account.account.batch_count == 201 - len(refused)


async def test_a_locked_portfolio_does_not_block_another(
    stub: Stub, portfolio: str, new_portfolio: Any, ledger_engine: AsyncEngine
) -> None:
    other = new_portfolio()
    await stub.SubmitBatch(request(portfolio, contribution()), timeout=10)
    async with ledger_engine.begin() as connection:
        # Hold the first portfolio's batch lock, as a long batch would.
        await connection.execute(
            text("SELECT 1 FROM ledger.accounts WHERE portfolio_id = :p FOR UPDATE"),
            {"p": portfolio},
        )
        blocked = asyncio.ensure_future(
            stub.SubmitBatch(request(portfolio, contribution()), timeout=30)
        )
        reply = await stub.SubmitBatch(request(other, contribution()), timeout=5)
        assert reply.status == ledger_pb2.SUBMIT_STATUS_CREATED
        assert not blocked.done()
    assert (await blocked).status == ledger_pb2.SUBMIT_STATUS_CREATED

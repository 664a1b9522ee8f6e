"""GetPerformance of a USD holding through gRPC: the engine reads the ECB days of the whole
history from the real marketdata in one ListFxRates call, each day using the one in force.

A GBP portfolio: 1,000.00 in and 10 USD shares bought at 100 USD (fx 0.80 -> 800.00)
on Thursday 2025-01-02; ECB days stored for 2024-12-31, 2025-02-03 and 2025-03-10;
as of Friday 2025-03-07 (the stack's clock).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import grpc
import pytest
from tradingassistant.common.v1 import types_pb2
from tradingassistant.engine.v1 import engine_pb2 as epb
from tradingassistant.ledger.v1 import ledger_pb2 as lpb
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.registry.v1 import registry_pb2 as rpb

from services.engine.sources.marketdata_grpc import GrpcMarketDataSource
from services.marketdata.providers.ecb import DAILY_PATH, HIST_90D_PATH
from taplatform.auth.principal import current_bearer
from taplatform.grpc.client import bearer_forwarding_interceptors
from tests.engine.stack import FRIDAY_EVENING, Stack, batch, contribution, money, running_stack
from tests.engine.test_performance_grpc import dated, import_closes
from tests.marketdata.provider_server import Reply
from tests.registry.harness import Caller
from tests.registry.universe import dec, listing, portfolio, sleeve
from tests.support import DatabaseFactory

# (day, EUR->GBP, EUR->USD): 1 USD = 0.80 GBP, then 0.85 GBP, then (after as_of) 1.70 GBP.
ECB_DAYS = [
    ("2024-12-31", "0.85", "1.0625"),
    ("2025-02-03", "0.85", "1.00"),
    ("2025-03-10", "0.85", "0.50"),
]


def ecb_file() -> bytes:
    cubes = "".join(
        f"<Cube time='{day}'><Cube currency='USD' rate='{usd}'/>"
        f"<Cube currency='GBP' rate='{gbp}'/><Cube currency='JPY' rate='160'/></Cube>"
        for day, gbp, usd in ECB_DAYS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope '
        'xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" '
        f'xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube>{cubes}</Cube>'
        "</gesmes:Envelope>"
    ).encode()


@pytest.fixture(scope="module")
async def stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    async with running_stack(new_database, redis_url) as running:
        yield running


async def usd_portfolio(stack: Stack) -> tuple[Caller, str]:
    stack.clock.set(FRIDAY_EVENING)
    user = await stack.registry.new_user()
    pid = (await portfolio(user)).portfolio_id
    home = await sleeve(user, pid, "us", "100")
    usd = await listing(user, quote_currency="USD", tick_size=dec("0.01"))
    await user(
        "AddConstituent",
        rpb.AddConstituentRequest(
            portfolio_id=pid, listing_id=usd.listing_id, sleeve_id=home.sleeve_id
        ),
    )
    for path in (DAILY_PATH, HIST_90D_PATH):
        stack.provider.script(path, Reply(200, ecb_file(), "text/xml"))
    await stack.call(
        stack.marketdata,
        "RefreshFxRates",
        md.RefreshFxRatesRequest(request_id=f"fx-{uuid.uuid4()}", history=True),
        user.token,
    )
    await import_closes(stack, user, usd.listing_id, "USD", "2025-01-02,100\n2025-03-06,110\n")
    buy = lpb.Entry(
        entry_id=str(uuid.uuid4()),
        kind=lpb.ENTRY_KIND_BUY,
        listing_id=usd.listing_id,
        quantity=types_pb2.Decimal(value="10"),
        price=money("100", "USD"),
        fx_rate=types_pb2.Decimal(value="0.8"),
        entry_date="2025-01-02",
    )
    opening = batch(pid, dated(contribution("1000.00"), "2025-01-02"), buy)
    await stack.call(stack.ledger, "SubmitBatch", opening, user.token)
    return user, pid


async def test_a_usd_holding_is_valued_with_the_ecb_day_in_force_each_day(stack: Stack) -> None:
    user, pid = await usd_portfolio(stack)
    reply = await stack.call(
        stack.engine, "GetPerformance", epb.GetPerformanceRequest(portfolio_id=pid), user.token
    )
    series = {p.date: p.value.amount.value for p in reply.points}
    # 01-02 (2024-12-31's rates: 1 USD = 0.85 / 1.0625 = 0.80): 10 x 100 x 0.80 + 200 = 1,000.00
    # 02-03 (1 USD = 0.85): 10 x 100 x 0.85 + 200 = 1,050.00
    # 03-06: 10 x 110 x 0.85 + 200 = 1,135.00; 03-07 carries it (03-10's rates are later).
    assert (series["2025-01-02"], series["2025-02-02"]) == ("1000.00", "1000.00")
    assert series["2025-02-03"] == "1050.00"
    assert (series["2025-03-06"], series["2025-03-07"]) == ("1135.00", "1135.00")


class CountingInterceptor(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self) -> None:
        self.methods: list[str] = []

    async def intercept_unary_unary(
        self, continuation: Callable[..., Awaitable[Any]], details: Any, request: Any
    ) -> Any:
        method = details.method
        self.methods.append(method.decode() if isinstance(method, bytes) else method)
        return await continuation(details, request)


@asynccontextmanager
async def counted_marketdata(
    stack: Stack, token: str
) -> AsyncIterator[tuple[grpc.aio.Channel, CountingInterceptor]]:
    """A channel to the real marketdata counting its calls, acting as inside the engine
    serving a request: ``token`` (the caller's bearer) travels on."""
    counter = CountingInterceptor()
    bearer = current_bearer.set(token)
    try:
        async with grpc.aio.insecure_channel(
            stack.addresses["marketdata"],
            interceptors=[counter, *bearer_forwarding_interceptors()],
        ) as channel:
            yield channel, counter
    finally:
        current_bearer.reset(bearer)


async def test_the_source_reads_a_range_in_pages_and_one_call_by_default(stack: Stack) -> None:
    user, _ = await usd_portfolio(stack)
    async with counted_marketdata(stack, user.token) as (channel, counter):
        one_page = GrpcMarketDataSource(channel, 10)
        paged = GrpcMarketDataSource(channel, 10, fx_page_days=1)
        whole = await one_page.fx_days(date(2025, 1, 2), date(2025, 3, 7), ["GBP", "USD"])
        calls = len(counter.methods)
        pages = await paged.fx_days(date(2025, 1, 2), date(2025, 3, 7), ["GBP", "USD"])
    assert calls == 1
    assert len(counter.methods) - calls == 2
    assert set(counter.methods) == {"/tradingassistant.marketdata.v1.MarketDataService/ListFxRates"}
    assert pages == whole
    assert [d.day for d in whole] == [date(2024, 12, 31), date(2025, 2, 3)]
    assert {(q.quote, str(q.rate)) for q in whole[1].quotes} == {("GBP", "0.85"), ("USD", "1.00")}

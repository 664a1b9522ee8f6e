"""The real services in-process on one fresh database: registry, marketdata (with a local
Stooq-like HTTP server), ledger and engine, each on port 0, the engine reading the others."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import grpc
from tradingassistant.common.v1 import types_pb2
from tradingassistant.engine.v1 import engine_pb2_grpc
from tradingassistant.ledger.v1 import ledger_pb2 as lpb
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2 as md
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as rpb

from services.engine.bootstrap import bootstrap as engine_bootstrap
from services.marketdata.bootstrap import bootstrap as marketdata_bootstrap
from services.marketdata.settings import MarketDataSettings
from taplatform.config import ServiceSettings
from taplatform.grpc.server import SERVING, ServiceApp, ServiceHost
from taplatform.runner import build_app
from taplatform.testing import FakeClock
from tests.marketdata.provider_server import ProviderServer, data_reply, provider_server
from tests.registry.harness import Caller, Registry, bearer, start_registry, stop_registry
from tests.registry.universe import dec, listing, portfolio, sleeve
from tests.support import DatabaseFactory, wait_for_health

# Friday evening after the London close: the marketdata tests' usual moment.
FRIDAY_EVENING = datetime(2025, 3, 7, 20, 0, tzinfo=UTC)


@dataclass
class Stack:
    registry: Registry
    provider: ProviderServer
    marketdata: marketdata_pb2_grpc.MarketDataServiceStub
    ledger: ledger_pb2_grpc.LedgerServiceStub
    engine: engine_pb2_grpc.EngineServiceStub
    # One clock for marketdata and the engine: prices and runs agree on "now".
    clock: FakeClock
    addresses: dict[str, str]

    async def call(self, stub: Any, method: str, request: Any, token: str) -> Any:
        return await getattr(stub, method)(request, metadata=bearer(token), timeout=60)


async def _serve(
    app: ServiceApp, hosts: list[ServiceHost], channels: list[grpc.aio.Channel]
) -> tuple[str, grpc.aio.Channel]:
    host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
    await host.start()
    hosts.append(host)
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    channel = grpc.aio.insecure_channel(address, options=[("grpc.max_receive_message_length", -1)])
    channels.append(channel)
    return address, channel


@contextlib.asynccontextmanager
async def running_stack(new_database: DatabaseFactory, redis_url: str) -> AsyncIterator[Stack]:
    database_url = await new_database()
    registry = await start_registry(database_url, redis_url)
    clock = FakeClock(FRIDAY_EVENING)
    hosts: list[ServiceHost] = []
    channels: list[grpc.aio.Channel] = []
    try:
        with provider_server() as provider:
            common: dict[str, Any] = {
                "database_url": database_url,
                "redis_url": redis_url,
                "registry_addr": registry.address,
                "rpc_timeout_s": 30,
            }
            # The ledger first: marketdata asks it which portfolios hold a listing.
            ledger_addr, ledger_channel = await _serve(
                build_app("ledger", ServiceSettings(**common)), hosts, channels
            )
            marketdata_settings = MarketDataSettings(
                **common,
                ledger_addr=ledger_addr,
                marketdata_stooq_url=provider.url,
                marketdata_ecb_url=provider.url,
                marketdata_http_attempts=1,
            )
            md_addr, md_channel = await _serve(
                marketdata_bootstrap(marketdata_settings, clock=clock), hosts, channels
            )
            engine_settings = ServiceSettings(
                **common, ledger_addr=ledger_addr, marketdata_addr=md_addr
            )
            engine_addr, engine_channel = await _serve(
                engine_bootstrap(engine_settings, clock=clock), hosts, channels
            )
            yield Stack(
                registry,
                provider,
                marketdata_pb2_grpc.MarketDataServiceStub(md_channel),
                ledger_pb2_grpc.LedgerServiceStub(ledger_channel),
                engine_pb2_grpc.EngineServiceStub(engine_channel),
                clock,
                {
                    "registry": registry.address,
                    "marketdata": md_addr,
                    "ledger": ledger_addr,
                    "engine": engine_addr,
                },
            )
    finally:
        for channel in channels:
            await channel.close()
        for host in reversed(hosts):
            await host.stop()
        await stop_registry(registry)


def money(amount: str, currency: str = "GBP") -> types_pb2.Money:
    return types_pb2.Money(currency_code=currency, amount=types_pb2.Decimal(value=amount))


def contribution(amount: str) -> lpb.Entry:
    return lpb.Entry(
        entry_id=str(uuid.uuid4()),
        kind=lpb.ENTRY_KIND_CONTRIBUTION,
        amount=money(amount),
        entry_date="2026-01-02",
    )


def buy(listing_id: str, quantity: str, price: str, unit: str = "GBP") -> lpb.Entry:
    """A buy priced in the listing's unit (GBX converts at 0.01)."""
    return lpb.Entry(
        entry_id=str(uuid.uuid4()),
        kind=lpb.ENTRY_KIND_BUY,
        listing_id=listing_id,
        quantity=types_pb2.Decimal(value=quantity),
        price=money(price, unit),
        fx_rate=types_pb2.Decimal(value="0.01" if unit == "GBX" else "1"),
        entry_date="2026-01-02",
    )


def batch(portfolio_id: str, *entries: lpb.Entry) -> lpb.SubmitBatchRequest:
    return lpb.SubmitBatchRequest(
        batch_id=str(uuid.uuid4()), portfolio_id=portfolio_id, entries=list(entries)
    )


EOD_PATH = "/q/d/l/"


@dataclass
class PricedPortfolio:
    """A 60/40 GBP portfolio with prices, holdings and cash, and no policy yet."""

    user: Caller
    portfolio_id: str
    gbx: rpb.Listing  # equities, monitored, priced by the local Stooq
    gilt: rpb.Listing  # bonds, priced by a CSV import


async def priced_portfolio(stack: Stack) -> PricedPortfolio:
    """Equities 5,000 VOD at 72 GBX (3,600.00), bonds 30 gilts at 100.00 (3,000.00),
    3,400.00 cash, from a 10,000.00 contribution; targets 60/40 in the registry."""
    stack.clock.set(FRIDAY_EVENING)
    user = await stack.registry.new_user()
    pid = (await portfolio(user)).portfolio_id
    equities = await sleeve(user, pid, "equities", "60")
    bonds = await sleeve(user, pid, "bonds", "40")
    gbx = await listing(user, price_scale=dec("0.01"))
    gilt = await listing(user, quote_currency="GBP", tick_size=dec("0.01"))
    for item, home, monitored in ((gbx, equities, True), (gilt, bonds, False)):
        await user(
            "AddConstituent",
            rpb.AddConstituentRequest(
                portfolio_id=pid,
                listing_id=item.listing_id,
                sleeve_id=home.sleeve_id,
                monitored=monitored,
            ),
        )
    stack.provider.script(EOD_PATH, data_reply("stooq_vod_uk_d.csv"))
    await stack.call(
        stack.marketdata,
        "RefreshPrices",
        md.RefreshPricesRequest(request_id=f"r-{uuid.uuid4()}", kind=md.PRICE_KIND_EOD),
        user.token,
    )
    await stack.call(
        stack.marketdata,
        "ImportPricesCsv",
        md.ImportPricesCsvRequest(
            request_id=f"csv-{uuid.uuid4()}",
            content=b"date,close\n2025-03-06,100\n2025-03-07,100.50\n",
            listing=gilt.listing_id,
            currency="GBP",
            confirm=True,
        ),
        user.token,
    )
    await stack.call(
        stack.ledger,
        "SubmitBatch",
        batch(
            pid,
            contribution("10000.00"),
            buy(gbx.listing_id, "5000", "72", "GBX"),
            buy(gilt.listing_id, "30", "100"),
        ),
        user.token,
    )
    return PricedPortfolio(user, pid, gbx, gilt)

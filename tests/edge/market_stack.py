"""The real registry, ledger and marketdata on one fresh database, and the edge in front of them.

One stack serves a whole test module; each test signs up users of its own,
so tests share servers but no data. Marketdata fetches prices from a folder
of ``<TICKER>.csv`` files (its CSV provider), the only outside system here.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
from redis.asyncio import Redis
from sqlalchemy import MetaData
from tradingassistant.registry.v1 import registry_pb2 as rpb
from tradingassistant.registry.v1 import registry_pb2_grpc

from edge.app import create_app
from services.marketdata.domain.calendars import get_trading_calendar
from services.marketdata.settings import MarketDataSettings
from services.registry.bootstrap import bootstrap
from taplatform.catalog import service
from taplatform.config import EdgeSettings, ServiceSettings
from taplatform.db import create_engine
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.outbox import OutboxRelay
from taplatform.runner import build_app
from taplatform.tables import platform_tables
from taplatform.testing import FakeClock
from tests.edge.conftest import CountingInterceptor, graphql_client
from tests.edge.graphql_client import GraphQLClient
from tests.registry.harness import Caller, Registry, cheap_settings, stop_registry
from tests.registry.universe import listing, portfolio
from tests.support import wait_for_health


@dataclass
class MarketStack:
    registry: Registry
    registry_calls: CountingInterceptor
    ledger_addr: str
    marketdata_addr: str
    marketdata_calls: CountingInterceptor
    csv_dir: Path
    redis_url: str

    def edge_settings(self, **overrides: Any) -> EdgeSettings:
        values = {
            "registry_addr": self.registry.address,
            "ledger_addr": self.ledger_addr,
            "marketdata_addr": self.marketdata_addr,
            "redis_url": self.redis_url,
            "web_dist_dir": None,
        }
        return EdgeSettings(**(values | overrides))

    @asynccontextmanager
    async def client(self, user: Caller) -> AsyncIterator[GraphQLClient]:
        """A GraphQL client acting for ``user`` with their session as a bearer token."""
        async with graphql_client(create_app(self.edge_settings())) as client:
            client.http.headers["authorization"] = f"Bearer {user.token}"
            yield BearerClient(client.http)


class BearerClient(GraphQLClient):
    """A bearer token is never sent by a browser on its own: no CSRF header is needed."""

    async def post(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        return await super().post(query, variables, **(kw | {"csrf": False}))


async def _registry(database_url: str, redis_url: str) -> tuple[Registry, CountingInterceptor]:
    """The registry as its own tests start it, plus a count of the calls it receives."""
    clock = FakeClock()
    settings = cheap_settings(database_url, redis_url)
    app = bootstrap(settings, clock=clock)
    counter = CountingInterceptor()
    app.interceptors.insert(0, counter)
    host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
    await host.start()
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    channel = grpc.aio.insecure_channel(address)
    engine = create_engine(database_url, application_name="ta-tests", pool_size=2)
    stub = registry_pb2_grpc.RegistryServiceStub(channel)
    return Registry(host, settings, channel, stub, clock, engine, database_url), counter


async def relay_outboxes(database_url: str, redis_url: str, *services: str) -> None:
    """What the worker's relay does for ``services``, once."""
    engine = create_engine(database_url, application_name="ta-test-relay", pool_size=1)
    redis = Redis.from_url(redis_url)
    try:
        for name in services:
            outbox = platform_tables(MetaData(schema=service(name).schema)).outbox
            await OutboxRelay(engine, outbox, redis, name).relay_all()
    finally:
        await redis.aclose()
        await engine.dispose()


async def _serve(stack: AsyncExitStack, app: Any) -> str:
    host = ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
    await stack.enter_async_context(host)
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    return address


@asynccontextmanager
async def market_stack(
    database_url: str, redis_url: str, csv_dir: Path
) -> AsyncIterator[MarketStack]:
    registry, registry_calls = await _registry(database_url, redis_url)
    try:
        async with AsyncExitStack() as stack:
            common = {
                "database_url": database_url,
                "redis_url": redis_url,
                "registry_addr": registry.address,
            }
            ledger_addr = await _serve(stack, build_app("ledger", ServiceSettings(**common)))
            settings = MarketDataSettings(
                **common, marketdata_price_provider="csv", marketdata_csv_dir=str(csv_dir)
            )
            app = build_app("marketdata", settings)
            counter = CountingInterceptor()
            app.interceptors.insert(0, counter)
            marketdata_addr = await _serve(stack, app)
            yield MarketStack(
                registry, registry_calls, ledger_addr, marketdata_addr, counter, csv_dir, redis_url
            )
    finally:
        await stop_registry(registry)


def recent_sessions(count: int, calendar: str = "XLON") -> list[date]:
    """The last ``count`` completed sessions before today on ``calendar``."""
    today = datetime.now(UTC).date()
    sessions = get_trading_calendar(calendar).sessions_between(today - timedelta(days=40), today)
    return [day for day in sessions if day < today][-count:]


def price_csv(rows: list[tuple[date | str, str]], header: str = "date,close") -> str:
    return "\n".join([header, *(f"{day},{close}" for day, close in rows)]) + "\n"


def write_provider_file(folder: Path, ticker: str, closes: list[str]) -> list[date]:
    """``<ticker>.csv`` for the CSV provider: one close per recent session, in GBX."""
    days = recent_sessions(len(closes))
    (folder / f"{ticker}.csv").write_text(price_csv(list(zip(days, closes, strict=True))))
    return days


@dataclass
class Universe:
    """A user's portfolio holding the given listings (GBX on XLON)."""

    portfolio_id: str
    listing_ids: list[str]
    tickers: list[str]


async def universe(user: Caller, listings: int = 1) -> Universe:
    owned = await portfolio(user, name=f"Book {uuid.uuid4().hex[:6]}")
    ids, tickers = [], []
    for _ in range(listings):
        made = await listing(user)
        await user(
            "AddConstituent",
            rpb.AddConstituentRequest(portfolio_id=owned.portfolio_id, listing_id=made.listing_id),
        )
        ids.append(made.listing_id)
        tickers.append(made.ticker)
    return Universe(owned.portfolio_id, ids, tickers)

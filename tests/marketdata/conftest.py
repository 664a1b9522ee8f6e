"""Marketdata's handlers wired to real PostgreSQL (as the service role), a fake registry
port, a fake clock, and providers talking HTTP to a local server; and the whole service
over gRPC in front of the real registry (``stack``)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import grpc
import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc

from services.marketdata.bootstrap import bootstrap
from services.marketdata.domain.prices import ListingInfo
from services.marketdata.domain.rules import RuleBook
from services.marketdata.handlers import AlertActions, MarketDataQueries
from services.marketdata.ingestion import PriceIngestion
from services.marketdata.providers.ecb import EcbProvider
from services.marketdata.providers.http import HttpFetcher, RetryPolicy
from services.marketdata.providers.stooq import StooqProvider
from services.marketdata.registry_port import FakeRegistry, PortfolioRef
from services.marketdata.runs import TaskRunner
from services.marketdata.schedules import SchedulePlanner
from services.marketdata.settings import MarketDataSettings
from taplatform.db import create_engine
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.testing import FakeClock
from tests.marketdata.provider_server import ProviderServer, provider_server
from tests.registry.harness import Caller, Registry, bearer, start_registry, stop_registry
from tests.support import DatabaseFactory, wait_for_health

FRIDAY_EVENING = datetime(2025, 3, 7, 20, 0, tzinfo=UTC)


@dataclass
class Harness:
    engine: AsyncEngine
    clock: FakeClock
    registry: FakeRegistry
    server: ProviderServer
    runner: TaskRunner
    queries: MarketDataQueries
    alerts: AlertActions

    def add_listing(
        self, ticker: str = "VOD", unit: str = "GBX", portfolios: int = 1
    ) -> ListingInfo:
        scale = Decimal("0.01") if unit == "GBX" else Decimal(1)
        listing = ListingInfo(f"lst-{uuid.uuid4().hex[:10]}", ticker, "XLON", unit, scale, "XLON")
        self.registry.listings[listing.listing_id] = listing
        self.registry.monitored.add(listing.listing_id)
        self.registry.links[listing.listing_id] = [
            PortfolioRef(f"pf-{uuid.uuid4().hex[:8]}", "GBP") for _ in range(portfolios)
        ]
        return listing

    async def count(self, table: str, listing_id: str) -> int:
        async with self.engine.connect() as connection:
            value = await connection.scalar(
                sa.text(f"SELECT count(*) FROM marketdata.{table} WHERE listing_id = :l"),
                {"l": listing_id},
            )
        return int(value or 0)


@pytest.fixture
def server() -> Iterator[ProviderServer]:
    with provider_server() as running:
        yield running


@pytest.fixture
async def harness(migrated_database_url: str, server: ProviderServer) -> AsyncIterator[Harness]:
    engine = create_engine(
        migrated_database_url, application_name="ta-test-marketdata", role="ta_marketdata"
    )
    clock = FakeClock(FRIDAY_EVENING)
    registry = FakeRegistry()
    async with httpx.AsyncClient(timeout=2.0) as client:
        retry = RetryPolicy(attempts=2, initial_backoff_s=0.01, max_backoff_s=0.02)
        stooq = StooqProvider(HttpFetcher("stooq", client, retry), base_url=server.url)
        ecb = EcbProvider(HttpFetcher("ecb", client, retry), base_url=server.url)
        ingestion = PriceIngestion(engine, clock, uuid.uuid4, registry, RuleBook())
        planner = SchedulePlanner(engine, registry)
        ecb_90d = EcbProvider(HttpFetcher("ecb", client, retry), base_url=server.url, history=True)
        runner = TaskRunner(
            engine, clock, uuid.uuid4, registry, ingestion, stooq, ecb, planner, ecb_90d
        )
        alerts = AlertActions(engine, clock, uuid.uuid4, ingestion)
        yield Harness(engine, clock, registry, server, runner, MarketDataQueries(engine), alerts)
    await engine.dispose()


@dataclass
class Stack:
    registry: Registry
    user: Caller
    marketdata: marketdata_pb2_grpc.MarketDataServiceStub
    clock: FakeClock

    async def call(self, method: str, request: object) -> object:
        stub = getattr(self.marketdata, method)
        return await stub(request, metadata=bearer(self.user.token), timeout=20)


@pytest.fixture
async def stack(
    new_database: DatabaseFactory, redis_url: str, server: ProviderServer
) -> AsyncIterator[Stack]:
    database_url = await new_database()
    registry = await start_registry(database_url, redis_url)
    clock = FakeClock(datetime(2025, 3, 7, 20, 0, tzinfo=UTC))
    settings = MarketDataSettings(
        database_url=database_url,
        redis_url=redis_url,
        registry_addr=registry.address,
        marketdata_stooq_url=server.url,
        marketdata_ecb_url=server.url,
        marketdata_http_attempts=1,
    )
    host = ServiceHost(bootstrap(settings, clock=clock), probe_interval_s=0.1, shutdown_grace_s=0)
    await host.start()
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    channel = grpc.aio.insecure_channel(address)
    try:
        user = await registry.new_user()
        yield Stack(registry, user, marketdata_pb2_grpc.MarketDataServiceStub(channel), clock)
    finally:
        await channel.close()
        await host.stop()
        await stop_registry(registry)

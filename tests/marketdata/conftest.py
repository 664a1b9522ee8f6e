"""Marketdata's handlers wired to real PostgreSQL (as the service role), a fake registry
port, a fake clock, and providers talking HTTP to a local server."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.marketdata.domain.prices import ListingInfo
from services.marketdata.domain.rules import RuleBook
from services.marketdata.handlers import AlertActions, MarketDataQueries
from services.marketdata.ingestion import PriceIngestion
from services.marketdata.providers.ecb import EcbProvider
from services.marketdata.providers.http import HttpFetcher, RetryPolicy
from services.marketdata.providers.stooq import StooqProvider
from services.marketdata.registry_port import FakeRegistry, PortfolioRef
from services.marketdata.runs import TaskRunner
from taplatform.db import create_engine
from taplatform.testing import FakeClock
from tests.marketdata.provider_server import ProviderServer, provider_server

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
        runner = TaskRunner(engine, clock, uuid.uuid4, registry, ingestion, stooq, ecb)
        alerts = AlertActions(engine, clock, uuid.uuid4, ingestion)
        yield Harness(engine, clock, registry, server, runner, MarketDataQueries(engine), alerts)
    await engine.dispose()

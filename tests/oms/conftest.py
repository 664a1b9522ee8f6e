"""OMS fixtures: the service's own engine (acting as ta_oms) and fakes of the other services.

Handlers are driven directly (the service layer) with the ports' fakes; the
gRPC tests start the real OMS and, where fills must be booked, the real ledger.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.oms.brokers.base import BrokerAdapter
from services.oms.brokers.http import HttpBroker
from services.oms.brokers.simulated import ManualBroker, PaperBroker
from services.oms.domain.paper import PaperConfig
from services.oms.domain.retry import RetryPolicy
from services.oms.domain.trading import GuardrailLimits
from services.oms.handlers import OmsDeps, trading
from services.oms.ports import (
    FakeListings,
    FakePasswords,
    FakePrices,
    FakeValuation,
    RecordingLedger,
    RecordingRecommendations,
)
from services.oms.sessions import FixedSessions
from taplatform.auth.principal import current_bearer, current_principal
from taplatform.auth.testing import make_principal
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import create_engine, service_engine
from taplatform.migrations import migrate_service
from taplatform.testing import FakeClock
from tests.oms.broker_double import BrokerDouble
from tests.support import DatabaseFactory

OWNER = "alice"
PASSWORD = "correct horse battery staple"
# A Monday, 10:00 London (GMT): the LSE is open.
OPEN_MONDAY = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
LIMITS = GuardrailLimits(max_order_notional=Decimal(10_000), max_daily_loss=Decimal(1_000))


@pytest.fixture
def oms_settings(migrated_database_url: str, redis_url: str) -> ServiceSettings:
    return ServiceSettings(database_url=migrated_database_url, redis_url=redis_url, db_pool_size=8)


@pytest.fixture
async def oms_engine(oms_settings: ServiceSettings) -> AsyncIterator[AsyncEngine]:
    engine = service_engine(service("oms"), oms_settings)
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(OPEN_MONDAY)


@pytest.fixture
def prices() -> FakePrices:
    quotes = FakePrices()
    quotes.set("VOD.L", "72.50", "GBX")
    quotes.set("VUSA.L", "100.00", "GBP")
    return quotes


@pytest.fixture
def listings() -> FakeListings:
    directory = FakeListings()
    directory.add("VOD.L", "GBX", "0.01", "XLON")
    directory.add("VUSA.L", "GBP", "1", "XLON")
    return directory


@pytest.fixture
def ledger() -> RecordingLedger:
    return RecordingLedger()


@pytest.fixture
def make_deps(
    oms_engine: AsyncEngine,
    clock: FakeClock,
    prices: FakePrices,
    listings: FakeListings,
    ledger: RecordingLedger,
) -> Callable[..., OmsDeps]:
    """Deps with fakes of every port; keyword arguments replace any of them."""

    def make(**overrides: Any) -> OmsDeps:
        brokers: dict[str, BrokerAdapter] = {
            "paper": PaperBroker(prices, clock, PaperConfig(seed=42)),
            "manual": ManualBroker(),
        }
        values: dict[str, Any] = {
            "engine": oms_engine,
            "clock": clock,
            "brokers": brokers,
            "listings": listings,
            "prices": prices,
            "valuation": FakeValuation(),
            "passwords": FakePasswords({OWNER: PASSWORD}),
            "ledger": ledger,
            "sessions": FixedSessions(True),
            "recommendations": RecordingRecommendations(),
            "retry": RetryPolicy(max_attempts=3, base_delay_s=1, max_delay_s=10),
            "rng": random.Random(3),
        }
        values.update(overrides)
        return OmsDeps(**values)

    return make


@pytest.fixture
def deps(make_deps: Callable[..., OmsDeps]) -> OmsDeps:
    return make_deps()


@pytest.fixture
async def double() -> AsyncIterator[BrokerDouble]:
    async with BrokerDouble(hang_s=1.0) as broker:
        yield broker


@pytest.fixture
async def live_deps(
    make_deps: Callable[..., OmsDeps], double: BrokerDouble
) -> AsyncIterator[OmsDeps]:
    deps = make_deps(valuation=FakeValuation(default=Decimal(50_000)))
    live = HttpBroker(double.url, timeout_s=0.5)
    deps.brokers = {**deps.brokers, "live": live}
    yield deps
    await live.close()


async def go_live(deps: OmsDeps, portfolio: str) -> None:
    view = await trading.get_state(deps, portfolio)
    await trading.update_limits(deps, portfolio, view.state.version, LIMITS)
    asked = await trading.request_live(deps, portfolio, PASSWORD)
    await trading.confirm_live(deps, portfolio, asked.confirmation_id, asked.summary_sha256)


@pytest.fixture
async def own_database(new_database: DatabaseFactory) -> str:
    """A database of its own: the retry job must see this test's dead letters only."""
    database_url = await new_database()
    admin = create_engine(database_url, application_name="ta-tests", pool_size=1)
    try:
        for name in ("ledger", "oms"):
            await migrate_service(admin, service(name))
    finally:
        await admin.dispose()
    return database_url


@pytest.fixture
async def own_engine(own_database: str, redis_url: str) -> AsyncIterator[AsyncEngine]:
    settings = ServiceSettings(database_url=own_database, redis_url=redis_url, db_pool_size=6)
    engine = service_engine(service("oms"), settings)
    yield engine
    await engine.dispose()


@pytest.fixture
def portfolio() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def as_owner() -> Any:
    """Run the test as alice, as the auth interceptor would set it for an RPC."""
    principal = current_principal.set(make_principal(OWNER))
    bearer = current_bearer.set("tok-alice")
    yield
    current_principal.reset(principal)
    current_bearer.reset(bearer)


async def outbox_events(engine: AsyncEngine, portfolio_id: str) -> list[Any]:
    """The OMS outbox rows about a portfolio, in write order."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT event_type, aggregate_id, payload FROM oms.outbox"
                " WHERE payload->>'portfolio_id' = :p ORDER BY id"
            ),
            {"p": portfolio_id},
        )
        return list(rows)

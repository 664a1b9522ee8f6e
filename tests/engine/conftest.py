"""Engine service-layer fixtures: its own database engine (acting as ta_engine), fake sources,
a fake clock, and a signed-in principal for the handlers to attribute changes to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.engine.handlers import EngineDeps
from services.engine.sources import Sources
from services.engine.sources.ledger import FakeLedgerSource
from services.engine.sources.marketdata import FakeMarketDataSource
from services.engine.sources.registry import FakeRegistrySource
from taplatform.auth.principal import current_principal
from taplatform.auth.testing import make_principal
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import create_engine, service_engine
from taplatform.testing import FakeClock
from tests.engine.world import World

# A Thursday, two days after July's run day (the 1st in the test policy).
NOW = datetime(2025, 7, 3, 9, 0, tzinfo=UTC)
ACTOR = "user-alice"


@pytest.fixture
async def engine_db(migrated_database_url: str, redis_url: str) -> AsyncIterator[AsyncEngine]:
    settings = ServiceSettings(database_url=migrated_database_url, redis_url=redis_url)
    engine = service_engine(service("engine"), settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def operator_db(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    """The login (super)user: inspects and tampers like an operator could."""
    engine = create_engine(migrated_database_url, application_name="ta-tests", pool_size=1)
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def sources() -> Sources:
    return Sources(FakeRegistrySource(), FakeLedgerSource(), FakeMarketDataSource())


@pytest.fixture
def deps(engine_db: AsyncEngine, sources: Sources, clock: FakeClock) -> EngineDeps:
    return EngineDeps(engine=engine_db, sources=sources, clock=clock)


@pytest.fixture
def world(sources: Sources) -> World:
    return World(sources)


@pytest.fixture(autouse=True)
def signed_in() -> Iterator[None]:
    """Handlers run as if inside an RPC of ACTOR's."""
    token = current_principal.set(make_principal(ACTOR))
    yield
    current_principal.reset(token)

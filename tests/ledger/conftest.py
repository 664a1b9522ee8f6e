"""Ledger fixtures: the service's own engine (acting as ta_ledger), fakes of the registry's parts.

The registry is another helper's service; here its two roles for the ledger
(portfolio directory, auth) are the fakes that live next to the real adapters.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from services.ledger.directory import FakePortfolioDirectory
from services.ledger.handlers import LedgerDeps
from taplatform.auth.testing import (
    FakeAuthenticator,
    FakePortfolioAuthorizer,
    RecordingDenialRecorder,
    make_principal,
)
from taplatform.auth.wiring import ServiceAuth, service_auth
from taplatform.catalog import service
from taplatform.config import ServiceSettings
from taplatform.db import service_engine
from taplatform.testing import FakeClock

LISTINGS = {"VOD.L", "VUSA.L", "AAPL"}
OWNER = "alice"
OWNER_TOKEN = "tok-alice"


@pytest.fixture
def ledger_settings(migrated_database_url: str, redis_url: str) -> ServiceSettings:
    return ServiceSettings(database_url=migrated_database_url, redis_url=redis_url, db_pool_size=10)


@pytest.fixture
async def ledger_engine(ledger_settings: ServiceSettings) -> AsyncIterator[AsyncEngine]:
    engine = service_engine(service("ledger"), ledger_settings)
    yield engine
    await engine.dispose()


@pytest.fixture
def directory() -> FakePortfolioDirectory:
    return FakePortfolioDirectory()


@pytest.fixture
def authorizer() -> FakePortfolioAuthorizer:
    return FakePortfolioAuthorizer({})


@pytest.fixture
def auth(ledger_settings: ServiceSettings, authorizer: FakePortfolioAuthorizer) -> ServiceAuth:
    """The real interceptors over fake token and owner tables: alice owns every test portfolio."""
    return service_auth(
        ledger_settings,
        authenticator=FakeAuthenticator({OWNER_TOKEN: make_principal(OWNER)}),
        authorizer=authorizer,
        recorder=RecordingDenialRecorder(),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def deps(
    ledger_engine: AsyncEngine, directory: FakePortfolioDirectory, clock: FakeClock
) -> LedgerDeps:
    return LedgerDeps(engine=ledger_engine, directory=directory, clock=clock)


@pytest.fixture
def new_portfolio(directory: FakePortfolioDirectory, authorizer: FakePortfolioAuthorizer) -> Any:
    """Make a portfolio owned by alice with LISTINGS in its universe."""

    def make(base_currency: str = "GBP") -> str:
        portfolio_id = str(uuid.uuid4())
        directory.add(portfolio_id, base_currency, LISTINGS)
        authorizer.owners[portfolio_id] = OWNER
        return portfolio_id

    return make


@pytest.fixture
def portfolio(new_portfolio: Any) -> str:
    """A new GBP portfolio."""
    return str(new_portfolio())


class BearerInterceptor(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Adds ``authorization: Bearer <token>`` to every unary call of a channel."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        metadata = grpc.aio.Metadata(*(details.metadata or ()))
        metadata.add("authorization", f"Bearer {self._token}")
        return await continuation(details._replace(metadata=metadata), request)

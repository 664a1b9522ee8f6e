"""The real ledger and the real OMS on gRPC port 0, sharing one database, with fakes only
for the registry's answers, prices and the live broker (a local HTTP double)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import grpc
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine
from tradingassistant.common.v1 import types_pb2
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc
from tradingassistant.oms.v1 import oms_pb2_grpc

from services.ledger.bootstrap import bootstrap as ledger_bootstrap
from services.ledger.directory import FakePortfolioDirectory
from services.oms.bootstrap import bootstrap as oms_bootstrap
from services.oms.bootstrap import build_deps
from services.oms.handlers import OmsDeps
from services.oms.ports import FakeListings, FakePasswords, FakePrices, FakeValuation
from services.oms.sessions import FixedSessions
from services.oms.settings import OmsSettings
from taplatform.auth.principal import Role
from taplatform.auth.testing import (
    FakeAuthenticator,
    FakePortfolioAuthorizer,
    RecordingDenialRecorder,
    make_principal,
)
from taplatform.auth.wiring import ServiceAuth, service_auth
from taplatform.config import ServiceSettings
from taplatform.grpc.server import SERVING, ServiceHost
from taplatform.testing import FakeClock
from tests.oms.conftest import OWNER, PASSWORD
from tests.support import wait_for_health

TOKEN = "tok-alice"
# The worker acts with an admin's API token.
ADMIN_TOKEN = "tok-admin"
LISTINGS = {"VUSA.L", "VOD.L"}


@dataclass
class System:
    oms: oms_pb2_grpc.OmsServiceStub
    ledger: ledger_pb2_grpc.LedgerServiceStub
    directory: FakePortfolioDirectory
    authorizer: FakePortfolioAuthorizer
    # Handler-level access for background jobs (dead-letter retries), as the worker has it.
    job_deps: OmsDeps
    clock: FakeClock
    oms_address: str

    async def new_portfolio(self, cash: str = "10000000") -> str:
        """A GBP portfolio of alice's with both listings and ``cash`` contributed."""
        portfolio_id = str(uuid.uuid4())
        self.directory.add(portfolio_id, "GBP", set(LISTINGS))
        self.authorizer.owners[portfolio_id] = OWNER
        entry = ledger_pb2.Entry(
            entry_id=str(uuid.uuid4()),
            kind=ledger_pb2.ENTRY_KIND_CONTRIBUTION,
            amount=types_pb2.Money(currency_code="GBP", amount=types_pb2.Decimal(value=cash)),
            entry_date="2026-01-02",
        )
        await self.ledger.SubmitBatch(
            ledger_pb2.SubmitBatchRequest(
                batch_id=str(uuid.uuid4()), portfolio_id=portfolio_id, entries=[entry]
            ),
            timeout=10,
        )
        return portfolio_id


class _Bearer(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        metadata = grpc.aio.Metadata(
            *(details.metadata or ()), ("authorization", f"Bearer {TOKEN}")
        )
        return await continuation(details._replace(metadata=metadata), request)


def _auth(settings: ServiceSettings, authorizer: FakePortfolioAuthorizer) -> ServiceAuth:
    return service_auth(
        settings,
        authenticator=FakeAuthenticator(
            {TOKEN: make_principal(OWNER), ADMIN_TOKEN: make_principal("root", role=Role.ADMIN)}
        ),
        authorizer=authorizer,
        recorder=RecordingDenialRecorder(),
    )


async def _serve(stack: AsyncExitStack, app: Any) -> str:
    host = await stack.enter_async_context(
        ServiceHost(app, probe_interval_s=0.1, shutdown_grace_s=0)
    )
    address = f"127.0.0.1:{host.port}"
    assert await wait_for_health(address, SERVING) == SERVING
    return address


@asynccontextmanager
async def running_system(
    database_url: str, redis_url: str, engine: AsyncEngine, clock: FakeClock, **oms_overrides: Any
) -> AsyncIterator[System]:
    directory = FakePortfolioDirectory()
    authorizer = FakePortfolioAuthorizer({})
    prices = FakePrices()
    prices.set("VUSA.L", "100.00", "GBP")
    prices.set("VOD.L", "72.50", "GBX")
    listings = FakeListings()
    listings.add("VUSA.L", "GBP", "1", "XLON")
    listings.add("VOD.L", "GBX", "0.01", "XLON")
    base: dict[str, Any] = {
        "database_url": database_url,
        "redis_url": redis_url,
        "db_pool_size": 20,
    }
    async with AsyncExitStack() as stack:
        ledger_settings = ServiceSettings(**base)
        ledger_address = await _serve(
            stack,
            ledger_bootstrap(
                ledger_settings, directory=directory, auth=_auth(ledger_settings, authorizer)
            ),
        )
        settings = OmsSettings(
            **base,
            ledger_addr=ledger_address,
            oms_service_token=SecretStr(TOKEN),
            oms_paper_seed=11,
            oms_retry_max_attempts=5,
            oms_retry_base_delay_s=1,
            oms_retry_max_delay_s=60,
            **oms_overrides.pop("settings", {}),
        )
        ports: dict[str, Any] = {
            "listings": listings,
            "prices": prices,
            "valuation": FakeValuation(default=None),
            "passwords": FakePasswords({OWNER: PASSWORD}),
            "sessions": FixedSessions(True),
            **oms_overrides,
        }
        oms_address = await _serve(
            stack, oms_bootstrap(settings, clock=clock, auth=_auth(settings, authorizer), **ports)
        )
        wiring = build_deps(settings, engine, clock, **ports)
        for close in wiring.on_close:
            stack.push_async_callback(close)
        oms_channel = await stack.enter_async_context(
            grpc.aio.insecure_channel(oms_address, interceptors=[_Bearer()])
        )
        ledger_channel = await stack.enter_async_context(
            grpc.aio.insecure_channel(ledger_address, interceptors=[_Bearer()])
        )
        yield System(
            oms=oms_pb2_grpc.OmsServiceStub(oms_channel),
            ledger=ledger_pb2_grpc.LedgerServiceStub(ledger_channel),
            directory=directory,
            authorizer=authorizer,
            job_deps=wiring.deps,
            clock=clock,
            oms_address=oms_address,
        )

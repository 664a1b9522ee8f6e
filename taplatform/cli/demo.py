"""Who the demo is seeded as, and seeding it: ``up``'s demo step and ``seed-demo``.

On a database with no user yet the first admin is created (``TA_BOOTSTRAP_ADMIN_*``
or admin@example.com with a generated password), then an API token for the
worker; both go to the credentials file before anything is seeded, so a seed
cut short is finished by the next run. A database that already has users is
seeded only through a still-valid token in that file (or, for ``seed-demo``,
an account named in ``TA_BOOTSTRAP_ADMIN_*``): never into a stranger's account.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

import grpc
from tradingassistant.ledger.v1 import ledger_pb2_grpc
from tradingassistant.marketdata.v1 import marketdata_pb2_grpc
from tradingassistant.registry.v1 import registry_pb2 as reg
from tradingassistant.registry.v1 import registry_pb2_grpc

from taplatform.auth.bearer import bearer_metadata
from taplatform.cli.demo_credentials import (
    EMAIL_ENV,
    PASSWORD_ENV,
    DemoCredentials,
    admin_login,
    read_credentials,
    write_credentials,
)
from taplatform.cli.seed import DemoSeeder, SeedReport, Stubs
from taplatform.config import ServiceAddresses
from taplatform.grpc.client import open_channel

# The admin's token that lets the next run finish a seed cut short. Background work acts
# with the service account's token instead (taplatform/cli/service_account.py).
WORKER_TOKEN_NAME = "demo seed"
RPC_TIMEOUT_S = 30.0


class SeedAs(Enum):
    NEW_ADMIN = "new_admin"  # no user yet: create the first admin
    FILE_TOKEN = "file_token"  # the credentials file's worker token is valid
    SIGN_IN = "sign_in"  # seed-demo only: the account in TA_BOOTSTRAP_ADMIN_*
    NOBODY = "nobody"


@dataclass(frozen=True)
class DemoPlan:
    seed_as: SeedAs
    reason: str
    credentials: DemoCredentials | None = None

    @property
    def seeds(self) -> bool:
        return self.seed_as is not SeedAs.NOBODY


@dataclass(frozen=True)
class DemoOutcome:
    email: str
    worker_token: str
    # Set only when this run created the admin with a generated password: print it once.
    new_password: str | None
    report: SeedReport


async def token_is_valid(registry: registry_pb2_grpc.RegistryServiceStub, token: str) -> bool:
    try:
        await registry.AuthenticateToken(
            reg.AuthenticateTokenRequest(token=token), timeout=RPC_TIMEOUT_S
        )
    except grpc.aio.AioRpcError as error:
        if error.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
            return False
        raise
    return True


async def plan_demo(
    registry: registry_pb2_grpc.RegistryServiceStub,
    credentials_path: Path,
    env: Mapping[str, str],
    *,
    allow_sign_in: bool = False,
) -> DemoPlan:
    """Whether (and as whom) to seed: decided before anything is created."""
    state = await registry.GetSetupState(reg.GetSetupStateRequest(), timeout=RPC_TIMEOUT_S)
    if state.needs_first_admin:
        return DemoPlan(SeedAs.NEW_ADMIN, "the database has no users yet")
    credentials = read_credentials(credentials_path)
    if credentials is not None:
        if await token_is_valid(registry, credentials.worker_token):
            return DemoPlan(SeedAs.FILE_TOKEN, f"{credentials_path} has a valid token", credentials)
        why = f"the token in {credentials_path} is no longer valid"
    else:
        why = f"the database has users and there is no {credentials_path}"
    if allow_sign_in and env.get(EMAIL_ENV) and env.get(PASSWORD_ENV):
        return DemoPlan(SeedAs.SIGN_IN, f"signing in as {env[EMAIL_ENV]}")
    return DemoPlan(SeedAs.NOBODY, why)


@asynccontextmanager
async def open_stubs(addresses: ServiceAddresses) -> AsyncIterator[Stubs]:
    channels = [open_channel(addresses.addr(name)) for name in ("registry", "ledger", "marketdata")]
    try:
        yield Stubs(
            registry_pb2_grpc.RegistryServiceStub(channels[0]),
            ledger_pb2_grpc.LedgerServiceStub(channels[1]),
            marketdata_pb2_grpc.MarketDataServiceStub(channels[2]),
        )
    finally:
        for channel in channels:
            await channel.close()


async def run_demo(
    stubs: Stubs,
    plan: DemoPlan,
    credentials_path: Path,
    env: Mapping[str, str],
    prices_dir: Path,
    today: date,
) -> DemoOutcome:
    """Act on ``plan``: get a bearer (creating the admin and worker token if needed), seed."""
    if plan.seed_as is SeedAs.NOBODY:
        raise ValueError(f"nothing to seed as: {plan.reason}")
    if plan.seed_as is SeedAs.FILE_TOKEN:
        assert plan.credentials is not None
        token = plan.credentials.worker_token
        report = await DemoSeeder(stubs, token, prices_dir, today).seed()
        return DemoOutcome(plan.credentials.email, token, None, report)
    login = admin_login(env)
    registry = stubs.registry
    if plan.seed_as is SeedAs.NEW_ADMIN:
        request = reg.CreateFirstAdminRequest(email=login.email, password=login.password)
        await registry.CreateFirstAdmin(request, timeout=RPC_TIMEOUT_S)
    signed_in = await registry.SignIn(
        reg.SignInRequest(email=login.email, password=login.password), timeout=RPC_TIMEOUT_S
    )
    session = signed_in.session_token
    try:
        created = await registry.CreateApiToken(
            reg.CreateApiTokenRequest(name=WORKER_TOKEN_NAME),
            metadata=bearer_metadata(session),
            timeout=RPC_TIMEOUT_S,
        )
        kept_password = login.password if login.generated else None
        write_credentials(
            credentials_path, DemoCredentials(login.email, created.token, kept_password)
        )
        report = await DemoSeeder(stubs, session, prices_dir, today).seed()
    finally:
        await registry.SignOut(
            reg.SignOutRequest(), metadata=bearer_metadata(session), timeout=RPC_TIMEOUT_S
        )
    return DemoOutcome(login.email, created.token, kept_password, report)


def describe(report: SeedReport) -> str:
    """One line: what the seed did to the demo portfolio."""
    if report.archived:
        return f"demo portfolio {report.portfolio_id} is archived: left alone"
    if not report.created:
        return f"demo portfolio {report.portfolio_id} is up to date: nothing created"
    return f"demo portfolio {report.portfolio_id} seeded: {', '.join(report.created)}"


def rpc_problem(error: BaseException) -> str:
    """A readable reason for a failed seed (gRPC status and details, or the error)."""
    if isinstance(error, grpc.aio.AioRpcError):
        return f"{error.code().name}: {error.details()}"
    return f"{type(error).__name__}: {error}"

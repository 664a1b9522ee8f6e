"""``tradingassistant service-account``: service accounts for background work, from the CLI.

The command works on the registry's database directly (``TA_DATABASE_URL``,
acting as the registry's role), like ``migrate``: an operator can mint the
worker's and the OMS's token before any admin exists, e.g. in a Kubernetes Job
or ``kubectl exec``. Every write is audited through the registry's outbox with
``via: "cli"``. The token secret goes to stdout alone (``TOKEN=$(...)`` works);
everything else goes to stderr. ``up`` calls :func:`ensure_service_token`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, TextIO

from pydantic import Field

from services.registry.handlers.service_accounts import IssuedToken, ServiceAccountHandlers
from services.registry.handlers.tokens import TokenHandlers, TokenPolicy
from services.registry.store import platform
from services.registry.uow import Database
from taplatform.catalog import service
from taplatform.clock import SystemClock
from taplatform.config import CommonSettings, PostgresUrl
from taplatform.db import create_engine
from taplatform.errors import DomainError, UnauthenticatedError
from taplatform.idempotency import IdempotencyStore

# The account `up` creates for the worker's jobs and the OMS's own calls.
STACK_ACCOUNT = "worker"
TOKEN_FILE = "service-token.txt"
_TOKEN_FILE_HEADER = (
    "# The service account's API token (written by `tradingassistant up`, mode 0600).\n"
    "# The worker (TA_WORKER_API_TOKEN) and the OMS (TA_OMS_SERVICE_TOKEN) act with it.\n"
)


class ServiceAccountSettings(CommonSettings):
    """The registry database and the same token lifetimes the registry enforces."""

    database_url: PostgresUrl
    api_token_default_ttl_days: Annotated[int, Field(ge=1, le=3650)] = 90
    api_token_max_ttl_days: Annotated[int, Field(ge=1, le=3650)] = 365


@asynccontextmanager
async def service_account_handlers(
    settings: ServiceAccountSettings,
) -> AsyncIterator[tuple[ServiceAccountHandlers, TokenHandlers]]:
    """The registry's handlers over one short-lived connection pool."""
    spec = service("registry")
    engine = create_engine(
        settings.database_url, application_name="ta-cli", pool_size=1, role=spec.db_role
    )
    clock = SystemClock()
    db = Database(
        engine, clock, IdempotencyStore(platform.idempotency_keys, timedelta(days=30), clock)
    )
    policy = TokenPolicy(
        session_idle_ttl=timedelta(hours=12),
        api_default_ttl=timedelta(days=settings.api_token_default_ttl_days),
        api_max_ttl=timedelta(days=settings.api_token_max_ttl_days),
    )
    try:
        yield ServiceAccountHandlers(db, policy), TokenHandlers(db, policy)
    finally:
        await engine.dispose()


def _report(issued: IssuedToken, out: TextIO, err: TextIO) -> None:
    print(
        f"service account {issued.account.email} ({issued.account.user_id}): token "
        f"{issued.token.token_id} expires {issued.token.expires_at:%Y-%m-%d}"
        + (f"; revoked {issued.revoked} other token(s)" if issued.revoked else ""),
        file=err,
    )
    print(issued.secret, file=out)


async def create_account(
    settings: ServiceAccountSettings, name: str, out: TextIO, err: TextIO
) -> int:
    """Create the account and print its first token; 1 (with the reason) if refused."""
    async with service_account_handlers(settings) as (accounts, _):
        try:
            issued = await accounts.create(None, name)
        except DomainError as error:
            print(f"service-account create: {error.message}", file=err)
            return 1
    _report(issued, out, err)
    return 0


async def issue_token(
    settings: ServiceAccountSettings, name: str, revoke_others: bool, out: TextIO, err: TextIO
) -> int:
    """Print a new token for an existing account (rotation); 1 if there is no such account."""
    async with service_account_handlers(settings) as (accounts, _):
        try:
            issued = await accounts.issue_token(None, name, revoke_others=revoke_others)
        except DomainError as error:
            print(f"service-account token: {error.message}", file=err)
            return 1
    _report(issued, out, err)
    return 0


async def ensure_service_token(settings: ServiceAccountSettings, token_file: Path) -> str:
    """For ``up``: the token in ``token_file`` while it is a valid service token, else a new one
    (creating the ``worker`` account on first use), written to ``token_file`` (mode 0600)."""
    kept = read_token_file(token_file)
    async with service_account_handlers(settings) as (accounts, tokens):
        if kept is not None:
            try:
                if (await tokens.authenticate(kept)).is_service:
                    return kept
            except UnauthenticatedError:
                pass  # expired or revoked: issue another below
        if await accounts.find(STACK_ACCOUNT) is None:
            issued = await accounts.create(None, STACK_ACCOUNT)
        else:
            issued = await accounts.issue_token(None, STACK_ACCOUNT)
    write_token_file(token_file, issued.secret)
    return issued.secret


def read_token_file(path: Path) -> str | None:
    """The token in ``path`` (comment lines skipped), or None when missing or empty."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    found = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return found[0] if found else None


def write_token_file(path: Path, token: str) -> None:
    """Write ``token`` readable by its owner only (0600, also when the file existed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(_TOKEN_FILE_HEADER + token + "\n")

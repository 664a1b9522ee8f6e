"""After a restore: every portfolio replayed through the ledger's own VerifyPortfolio RPC.

A ledger server runs in this process on 127.0.0.1, port 0, against the
restored database, so the check is exactly what a running deployment would
answer. Nothing else is running yet (no registry), so the server's auth is a
one-off random token that only this process knows, resolving to an operator
principal allowed on every portfolio; the portfolio directory is the empty
one the offline ``ledger verify`` uses (verification never asks for it).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import asyncpg
import grpc
from tradingassistant.ledger.v1 import ledger_pb2, ledger_pb2_grpc

from services.ledger.bootstrap import bootstrap as ledger_bootstrap
from services.ledger.directory import FakePortfolioDirectory
from taplatform.auth.bearer import bearer_metadata
from taplatform.auth.principal import Principal, Role, TokenKind
from taplatform.auth.wiring import service_auth
from taplatform.cli.pgtools import libpq_target
from taplatform.config import ServiceSettings
from taplatform.errors import UnauthenticatedError
from taplatform.grpc.server import ServiceHost

VERIFY_TIMEOUT_S = 300.0
# The ledger never talks to Redis (the worker relays its outbox); settings require a URL.
UNUSED_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass(frozen=True)
class PortfolioCheck:
    portfolio_id: str
    entries_replayed: int
    differences: list[str]


class OneTokenAuthenticator:
    """Accepts exactly one token, as the restoring operator."""

    def __init__(self, token: str) -> None:
        self._token = token
        self.principal = Principal(
            user_id="restore-verifier",
            email="",
            role=Role.ADMIN,
            token_kind=TokenKind.API,
            token_id="restore",
        )

    async def authenticate(self, token: str) -> Principal:
        if not secrets.compare_digest(token, self._token):
            raise UnauthenticatedError("invalid token", reason="INVALID_TOKEN")
        return self.principal


class OperatorAuthorizer:
    """The restoring operator may read every portfolio (nobody else gets a token)."""

    async def authorize(self, principal: Principal, bearer: str, portfolio_id: str) -> None:
        return None


async def ledger_portfolios(database_url: str) -> list[str]:
    """Every portfolio the restored ledger has an account for."""
    target, env = libpq_target(database_url)
    connection = await asyncpg.connect(target, password=env.get("PGPASSWORD"))
    try:
        rows = await connection.fetch("SELECT portfolio_id FROM ledger.accounts ORDER BY 1")
    finally:
        await connection.close()
    return [str(r["portfolio_id"]) for r in rows]


async def verify_ledger(database_url: str) -> list[PortfolioCheck]:
    """Call VerifyPortfolio for every portfolio on an in-process ledger (module doc)."""
    settings = ServiceSettings(
        database_url=database_url,
        redis_url=UNUSED_REDIS_URL,
        grpc_reflection=False,
        migrate_on_start=False,
    )
    token = secrets.token_urlsafe(32)
    auth = service_auth(
        settings,
        authenticator=OneTokenAuthenticator(token),
        authorizer=OperatorAuthorizer(),
        recorder=None,
    )
    app = ledger_bootstrap(settings, directory=FakePortfolioDirectory(), auth=auth)
    app.migrate_on_start = False
    host = ServiceHost(app, host="127.0.0.1", port=0, shutdown_grace_s=0)
    await host.start()
    checks = []
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{host.port}") as channel:
            stub = ledger_pb2_grpc.LedgerServiceStub(channel)
            for portfolio_id in await ledger_portfolios(database_url):
                reply = await stub.VerifyPortfolio(
                    ledger_pb2.VerifyPortfolioRequest(portfolio_id=portfolio_id),
                    metadata=bearer_metadata(token),
                    timeout=VERIFY_TIMEOUT_S,
                    wait_for_ready=True,
                )
                checks.append(_check(portfolio_id, reply))
    finally:
        await host.stop()
    return checks


def _check(portfolio_id: str, reply: ledger_pb2.VerifyPortfolioResponse) -> PortfolioCheck:
    return PortfolioCheck(
        portfolio_id,
        reply.entries_replayed,
        [
            f"{d.subject}: {d.field} snapshot={d.snapshot_value!r} replay={d.replay_value!r}"
            for d in reply.differences
        ],
    )

"""Service accounts: users of role SERVICE that hold API tokens only, for background work.

An admin creates them over gRPC; an operator with database access creates them
with ``tradingassistant service-account`` (``actor`` None), which is how a fresh
install gets the worker's and the OMS's token before any admin exists. Either
way every write is audited through the outbox: the actor is the admin, or the
service account itself with ``via: "cli"``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from services.registry.domain.audit import audit_payload
from services.registry.domain.identity import (
    ApiToken,
    User,
    UserRole,
    service_account_email,
)
from services.registry.handlers.tokens import TokenPolicy, issue_api_token
from services.registry.records import API_TOKEN, USER
from services.registry.repository import fetch, fetch_all, save
from services.registry.store import api_tokens, users
from services.registry.uow import Database, Tx, require_admin
from taplatform.auth.principal import Principal
from taplatform.errors import AlreadyExistsError, NotFoundError

TOKEN_NAME = "service"


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued: the secret is here and nowhere else, ever."""

    account: User
    token: ApiToken
    secret: str
    revoked: int = 0


class ServiceAccountHandlers:
    def __init__(self, db: Database, policy: TokenPolicy) -> None:
        self._db = db
        self._policy = policy

    async def create(
        self, actor: Principal | None, name: str, expires_at: datetime | None = None
    ) -> IssuedToken:
        """A new service account called ``name`` and its first API token.

        ``actor`` must be an admin; None is the operator's CLI. Names are unique.
        """
        email = service_account_email(name)
        async with self._db.transaction() as tx:
            if actor is not None:
                require_admin(actor)
            taken = await tx.connection.scalar(
                select(users.c.user_id).where(users.c.email == email)
            )
            if taken is not None:
                raise AlreadyExistsError(
                    f"name: a service account {name.strip().lower()!r} already exists; "
                    "issue it another token instead",
                    reason="SERVICE_ACCOUNT_EXISTS",
                )
            account = User(self._db.new_id(), email, UserRole.SERVICE, tx.now)
            await tx.connection.execute(
                users.insert().values(
                    user_id=account.user_id,
                    email=email,
                    role=UserRole.SERVICE.value,
                    password_hash=None,
                    created_at=tx.now,
                )
            )
            actor_id, extra = _actor(actor, account)
            await tx.emit(
                "ServiceAccountCreated",
                "user",
                account.user_id,
                audit_payload(actor_id, None, None, account, **extra),
            )
            return await self._issue(tx, account, expires_at, actor, revoke_others=False)

    async def issue_token(
        self,
        actor: Principal | None,
        name: str,
        expires_at: datetime | None = None,
        *,
        revoke_others: bool = False,
    ) -> IssuedToken:
        """Another token for the service account ``name``; with ``revoke_others`` its only one."""
        email = service_account_email(name)
        async with self._db.transaction() as tx:
            if actor is not None:
                require_admin(actor)
            account = await self._account(tx, email, name)
            return await self._issue(tx, account, expires_at, actor, revoke_others=revoke_others)

    async def find(self, name: str) -> User | None:
        """The service account called ``name``, if there is one."""
        email = service_account_email(name)
        async with self._db.engine.connect() as connection:
            found: User | None = await fetch(
                connection, users, USER, users.c.email == email, users.c.role == "service"
            )
        return found

    async def _account(self, tx: Tx, email: str, name: str) -> User:
        found: User | None = await fetch(
            tx.connection, users, USER, users.c.email == email, users.c.role == "service", lock=True
        )
        if found is None:
            raise NotFoundError(f"name: no service account {name.strip().lower()!r}")
        return found

    async def _issue(
        self,
        tx: Tx,
        account: User,
        expires_at: datetime | None,
        actor: Principal | None,
        *,
        revoke_others: bool,
    ) -> IssuedToken:
        actor_id, extra = _actor(actor, account)
        revoked = 0
        if revoke_others:
            revoked = await self._revoke_all(tx, account, actor_id, extra)
        # Background work must not stop silently after the default 90 days: service
        # tokens live as long as the registry allows unless asked otherwise.
        token, secret = await issue_api_token(
            tx,
            account.user_id,
            TOKEN_NAME,
            expires_at,
            self._policy,
            actor_id,
            default_ttl=self._policy.api_max_ttl,
        )
        return IssuedToken(account, token, secret, revoked)

    async def _revoke_all(self, tx: Tx, account: User, actor_id: str, extra: dict[str, Any]) -> int:
        held: list[ApiToken] = await fetch_all(
            tx.connection, api_tokens, API_TOKEN, api_tokens.c.user_id == account.user_id
        )
        live = [t for t in held if t.revoked_at is None]
        for token in live:
            revoked = replace(token, revoked_at=tx.now)
            await save(tx.connection, api_tokens, API_TOKEN, revoked, ["token_id"])
            await tx.emit(
                "ApiTokenRevoked",
                "api_token",
                token.token_id,
                audit_payload(actor_id, None, token, revoked, **extra),
            )
        return len(live)


def _actor(actor: Principal | None, account: User) -> tuple[str, dict[str, Any]]:
    """Who the audit names: the admin, or (from the CLI, where nobody signed in) the account."""
    if actor is not None:
        return actor.user_id, {}
    return account.user_id, {"via": "cli"}

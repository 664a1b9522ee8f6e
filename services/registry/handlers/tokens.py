"""Bearer tokens: resolve sessions and API tokens to principals; manage API tokens."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from services.registry import bearer
from services.registry.domain.audit import audit_payload
from services.registry.domain.fields import clean_name, parse_id
from services.registry.domain.identity import (
    API_TOKEN_PREFIX,
    SESSION_PREFIX,
    ApiToken,
    UserRole,
    api_token_expiry,
)
from services.registry.records import API_TOKEN, SESSION
from services.registry.repository import add, fetch, fetch_all, save
from services.registry.store import api_tokens, sessions, users
from services.registry.uow import Database, Tx
from taplatform.auth.principal import Principal, Role, TokenKind
from taplatform.errors import NotFoundError, PermissionDeniedError, UnauthenticatedError

INVALID_TOKEN = "invalid, expired or revoked token"
_PRINCIPAL_ROLES = {
    UserRole.ADMIN: Role.ADMIN,
    UserRole.USER: Role.USER,
    UserRole.SERVICE: Role.SERVICE,
}


@dataclass(frozen=True)
class TokenPolicy:
    session_idle_ttl: timedelta
    api_default_ttl: timedelta
    api_max_ttl: timedelta


async def issue_api_token(
    tx: Tx,
    user_id: str,
    name: str,
    expires_at: datetime | None,
    policy: TokenPolicy,
    actor_user_id: str,
    *,
    default_ttl: timedelta | None = None,
) -> tuple[ApiToken, str]:
    """Store a new API token of ``user_id`` in ``tx`` (audited); returns it and its secret."""
    secret, digest = bearer.mint(API_TOKEN_PREFIX)
    default = policy.api_default_ttl if default_ttl is None else default_ttl
    expiry = api_token_expiry(tx.now, expires_at, default, policy.api_max_ttl)
    token = ApiToken(tx.db.new_id(), user_id, name, tx.now, expiry)
    await add(tx.connection, api_tokens, API_TOKEN, token, token_hash=digest)
    await tx.emit(
        "ApiTokenCreated",
        "api_token",
        token.token_id,
        audit_payload(actor_user_id, None, None, token),
    )
    return token, secret


class TokenHandlers:
    def __init__(self, db: Database, policy: TokenPolicy) -> None:
        self._db = db
        self._policy = policy

    async def authenticate(self, token: str) -> Principal:
        """The principal behind a session or API token; UNAUTHENTICATED for anything else.

        A session's idle expiry slides forward on use; an API token records its last use.
        """
        token = token.strip()
        if token.startswith(SESSION_PREFIX):
            return await self._authenticate_session(bearer.token_hash(token))
        if token.startswith(API_TOKEN_PREFIX):
            return await self._authenticate_api_token(bearer.token_hash(token))
        raise UnauthenticatedError(INVALID_TOKEN)

    async def _authenticate_session(self, digest: str) -> Principal:
        async with self._db.transaction() as tx:
            session = await fetch(tx.connection, sessions, SESSION, sessions.c.token_hash == digest)
            if session is None or not session.is_active(tx.now):
                raise UnauthenticatedError(INVALID_TOKEN)
            touched = session.touched(tx.now, self._policy.session_idle_ttl)
            if touched is not None:
                await save(tx.connection, sessions, SESSION, touched, ["session_id"])
            return await self._principal(
                tx.connection, session.user_id, TokenKind.SESSION, session.session_id
            )

    async def _authenticate_api_token(self, digest: str) -> Principal:
        async with self._db.transaction() as tx:
            token = await fetch(
                tx.connection, api_tokens, API_TOKEN, api_tokens.c.token_hash == digest
            )
            if token is None or not token.is_active(tx.now):
                raise UnauthenticatedError(INVALID_TOKEN)
            used = token.used(tx.now)
            if used is not None:
                await save(tx.connection, api_tokens, API_TOKEN, used, ["token_id"])
            return await self._principal(
                tx.connection, token.user_id, TokenKind.API, token.token_id
            )

    @staticmethod
    async def _principal(
        connection: AsyncConnection, user_id: str, kind: TokenKind, token_id: str
    ) -> Principal:
        row = (
            await connection.execute(
                select(users.c.email, users.c.role).where(users.c.user_id == user_id)
            )
        ).first()
        if row is None:
            raise UnauthenticatedError(INVALID_TOKEN)
        role = _PRINCIPAL_ROLES[UserRole(row.role)]
        return Principal(
            user_id=user_id, email=row.email, role=role, token_kind=kind, token_id=token_id
        )

    async def create_api_token(
        self, principal: Principal, name: str, expires_at: datetime | None
    ) -> tuple[ApiToken, str]:
        """A new API token for the caller; the secret is returned here and never again."""
        name = clean_name(name)
        async with self._db.transaction() as tx:
            if principal.is_service:
                # Otherwise a leaked service token could mint itself successors.
                raise PermissionDeniedError(
                    "a service account's tokens are issued by an admin",
                    reason="SERVICE_ACCOUNT_TOKENS_BY_ADMIN",
                )
            return await issue_api_token(
                tx, principal.user_id, name, expires_at, self._policy, principal.user_id
            )

    async def list_api_tokens(self, principal: Principal) -> list[ApiToken]:
        """The caller's API tokens (revoked and expired ones included), oldest first."""
        async with self._db.engine.connect() as connection:
            return await fetch_all(
                connection, api_tokens, API_TOKEN, api_tokens.c.user_id == principal.user_id
            )

    async def revoke_api_token(self, principal: Principal, token_id: str) -> ApiToken:
        """Revoke one of the caller's tokens; revoking twice returns it unchanged."""
        ident = parse_id(token_id)
        async with self._db.transaction() as tx:
            token: ApiToken | None = None
            if ident is not None:
                token = await fetch(
                    tx.connection,
                    api_tokens,
                    API_TOKEN,
                    api_tokens.c.token_id == ident,
                    api_tokens.c.user_id == principal.user_id,
                    lock=True,
                )
            if token is None:
                # Other users' tokens are as invisible as missing ones.
                raise NotFoundError(f"token_id: no API token {token_id}")
            if token.revoked_at is not None:
                return token
            revoked = replace(token, revoked_at=tx.now)
            await save(tx.connection, api_tokens, API_TOKEN, revoked, ["token_id"])
            await tx.emit(
                "ApiTokenRevoked",
                "api_token",
                token.token_id,
                audit_payload(principal.user_id, None, token, revoked),
            )
            return revoked

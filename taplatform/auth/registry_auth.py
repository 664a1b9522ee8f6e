"""Authentication and portfolio authorisation answered by the registry, cached for a short TTL.

Caches are keyed by the SHA-256 of the token, never the token. A revoked
token or a changed owner is noticed within the TTL: that is the trade-off for
not asking the registry on every call (see docs/auth.md). Only answers are
cached: "allowed" for authorisation, and refusals of authentication for a
shorter negative TTL; a registry that cannot answer fails the call
UNAVAILABLE, never allows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

import grpc
from cachetools import TTLCache
from tradingassistant.registry.v1 import registry_pb2, registry_pb2_grpc

from taplatform.auth.bearer import bearer_metadata, token_hash
from taplatform.auth.principal import AuthUnavailableError, Principal, Role, TokenKind
from taplatform.errors import (
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    UnauthenticatedError,
)
from taplatform.grpc.client import DEFAULT_TIMEOUT_S, open_channel
from taplatform.logging import get_logger

log = get_logger(__name__)

CACHE_MAX_ENTRIES = 10_000
_ROLES = {
    registry_pb2.ROLE_ADMIN: Role.ADMIN,
    registry_pb2.ROLE_USER: Role.USER,
    registry_pb2.ROLE_SERVICE: Role.SERVICE,
}
_KINDS = {
    registry_pb2.TOKEN_KIND_SESSION: TokenKind.SESSION,
    registry_pb2.TOKEN_KIND_API: TokenKind.API,
}
_REFUSALS = (
    grpc.StatusCode.UNAUTHENTICATED,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.PERMISSION_DENIED,
    grpc.StatusCode.INVALID_ARGUMENT,
)
Timer = Callable[[], float]


def _ttl_cache(ttl_s: float, timer: Timer) -> TTLCache[Hashable, Any] | None:
    return TTLCache(CACHE_MAX_ENTRIES, ttl_s, timer=timer) if ttl_s > 0 else None


def principal_from_proto(message: registry_pb2.Principal) -> Principal:
    """The principal the registry described; UnauthenticatedError if it is incomplete."""
    role, kind = _ROLES.get(message.role), _KINDS.get(message.token_kind)
    if not message.user_id or role is None or kind is None:
        log.error("auth.incomplete_principal", user_id=message.user_id)
        raise UnauthenticatedError("invalid or expired token", reason="INVALID_TOKEN")
    return Principal(message.user_id, message.email, role, kind, message.token_id)


class RegistryAuthClient:
    """A registry stub on a channel opened on first use (inside the running event loop)."""

    def __init__(self, registry_addr: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.addr = registry_addr
        self.timeout_s = timeout_s
        self._channel: grpc.aio.Channel | None = None
        self._stub: registry_pb2_grpc.RegistryServiceStub | None = None

    @property
    def stub(self) -> registry_pb2_grpc.RegistryServiceStub:
        if self._stub is None:
            self._channel = open_channel(self.addr)
            self._stub = registry_pb2_grpc.RegistryServiceStub(self._channel)
        return self._stub

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
        self._channel, self._stub = None, None


class RegistryAuthenticator:
    """:class:`~taplatform.auth.principal.Authenticator` asking ``AuthenticateToken``."""

    def __init__(
        self,
        client: RegistryAuthClient,
        *,
        ttl_s: float = 10.0,
        negative_ttl_s: float = 2.0,
        timer: Timer = time.monotonic,
    ) -> None:
        self._client = client
        self._known = _ttl_cache(ttl_s, timer)
        self._refused = _ttl_cache(negative_ttl_s, timer)

    async def authenticate(self, token: str) -> Principal:
        key = token_hash(token)
        if self._known is not None and (known := self._known.get(key)) is not None:
            return known  # type: ignore[no-any-return]
        if self._refused is not None and key in self._refused:
            raise UnauthenticatedError("invalid or expired token", reason="INVALID_TOKEN")
        try:
            reply = await self._client.stub.AuthenticateToken(
                registry_pb2.AuthenticateTokenRequest(token=token), timeout=self._client.timeout_s
            )
        except grpc.aio.AioRpcError as error:
            if error.code() in _REFUSALS:
                if self._refused is not None:
                    self._refused[key] = True
                raise UnauthenticatedError(
                    "invalid or expired token", reason="INVALID_TOKEN"
                ) from None
            raise AuthUnavailableError(_unavailable(error)) from None
        principal = principal_from_proto(reply.principal)
        if self._known is not None:
            self._known[key] = principal
        return principal


class RegistryPortfolioAuthorizer:
    """:class:`~taplatform.auth.principal.PortfolioAuthorizer` asking ``AuthorizePortfolio``
    with the caller's own token, so the registry judges the caller, not this service."""

    def __init__(
        self, client: RegistryAuthClient, *, ttl_s: float = 10.0, timer: Timer = time.monotonic
    ) -> None:
        self._client = client
        self._allowed = _ttl_cache(ttl_s, timer)

    async def authorize(self, principal: Principal, bearer: str, portfolio_id: str) -> None:
        key = (token_hash(bearer), portfolio_id)
        if self._allowed is not None and key in self._allowed:
            return
        try:
            await self._client.stub.AuthorizePortfolio(
                registry_pb2.AuthorizePortfolioRequest(portfolio_id=portfolio_id),
                metadata=bearer_metadata(bearer),
                timeout=self._client.timeout_s,
            )
        except grpc.aio.AioRpcError as error:
            raise _refusal(error, portfolio_id) from None
        if self._allowed is not None:
            self._allowed[key] = True


def _refusal(error: grpc.aio.AioRpcError, portfolio_id: str) -> Exception:
    code = error.code()
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return PermissionDeniedError(f"portfolio {portfolio_id}: permission denied")
    if code == grpc.StatusCode.NOT_FOUND:
        return NotFoundError(f"portfolio {portfolio_id} not found")
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        return InvalidArgumentError.for_field("portfolio_id", error.details() or "invalid")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return UnauthenticatedError("invalid or expired token", reason="INVALID_TOKEN")
    return AuthUnavailableError(_unavailable(error))


def _unavailable(error: grpc.aio.AioRpcError) -> str:
    return f"registry answered {error.code().name}: {error.details()}"

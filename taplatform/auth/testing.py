"""Fakes of the auth contract for tests: in-memory tokens and owners, and a stand-in registry."""

from __future__ import annotations

from collections import Counter
from typing import Any

import grpc
from tradingassistant.registry.v1 import registry_pb2, registry_pb2_grpc

from taplatform.auth.bearer import find_authorization, parse_bearer
from taplatform.auth.denials import AccessDenial
from taplatform.auth.principal import Principal, Role, TokenKind
from taplatform.errors import NotFoundError, PermissionDeniedError, UnauthenticatedError


def make_principal(user_id: str, *, role: Role = Role.USER, token_id: str = "") -> Principal:
    """A principal for ``user_id`` acting through an API token."""
    return Principal(
        user_id=user_id,
        email=f"{user_id}@example.test",
        role=role,
        token_kind=TokenKind.API,
        token_id=token_id or f"tok-{user_id}",
    )


class FakeAuthenticator:
    """Knows a fixed set of tokens; counts the lookups it answered."""

    def __init__(self, tokens: dict[str, Principal]) -> None:
        self.tokens = dict(tokens)
        self.lookups: Counter[str] = Counter()

    async def authenticate(self, token: str) -> Principal:
        self.lookups[token] += 1
        try:
            return self.tokens[token]
        except KeyError:
            raise UnauthenticatedError("invalid or expired token", reason="INVALID_TOKEN") from None


class FakePortfolioAuthorizer:
    """Owners by portfolio id: the owner (or a service account) may act, anyone else is
    refused, unknown ids are absent."""

    def __init__(self, owners: dict[str, str]) -> None:
        self.owners = dict(owners)
        self.checks: Counter[tuple[str, str]] = Counter()

    async def authorize(self, principal: Principal, bearer: str, portfolio_id: str) -> None:
        self.checks[(principal.user_id, portfolio_id)] += 1
        owner = self.owners.get(portfolio_id)
        if owner is None:
            raise NotFoundError(f"portfolio {portfolio_id} not found")
        if owner != principal.user_id and not principal.is_service:
            raise PermissionDeniedError(f"portfolio {portfolio_id}: permission denied")


class RecordingDenialRecorder:
    """Keeps denials in a list; with ``broken`` it fails like a database that is down."""

    def __init__(self, *, broken: bool = False) -> None:
        self.denials: list[AccessDenial] = []
        self.broken = broken

    async def record(self, denial: AccessDenial) -> None:
        if self.broken:
            raise ConnectionError("database unreachable")
        self.denials.append(denial)


class ManualTimer:
    """A monotonic timer for caches that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


_ROLE = {
    Role.ADMIN: registry_pb2.ROLE_ADMIN,
    Role.USER: registry_pb2.ROLE_USER,
    Role.SERVICE: registry_pb2.ROLE_SERVICE,
}
_KIND = {
    TokenKind.SESSION: registry_pb2.TOKEN_KIND_SESSION,
    TokenKind.API: registry_pb2.TOKEN_KIND_API,
}


class FakeRegistryAuthServicer(registry_pb2_grpc.RegistryServiceServicer):
    """The registry's two auth RPCs over in-memory tokens and owners; other RPCs UNIMPLEMENTED.

    ``calls`` counts RPCs by name, so cache behaviour can be asserted.
    """

    def __init__(self, tokens: dict[str, Principal], owners: dict[str, str]) -> None:
        self.authenticator = FakeAuthenticator(tokens)
        self.authorizer = FakePortfolioAuthorizer(owners)
        self.calls: Counter[str] = Counter()

    async def AuthenticateToken(
        self, request: registry_pb2.AuthenticateTokenRequest, context: Any
    ) -> registry_pb2.AuthenticateTokenResponse:
        self.calls["AuthenticateToken"] += 1
        principal = await self._resolve(request.token, context)
        return registry_pb2.AuthenticateTokenResponse(
            principal=registry_pb2.Principal(
                user_id=principal.user_id,
                email=principal.email,
                role=_ROLE[principal.role],
                token_kind=_KIND[principal.token_kind],
                token_id=principal.token_id,
            )
        )

    async def AuthorizePortfolio(
        self, request: registry_pb2.AuthorizePortfolioRequest, context: Any
    ) -> registry_pb2.AuthorizePortfolioResponse:
        self.calls["AuthorizePortfolio"] += 1
        header = find_authorization(context.invocation_metadata())
        try:
            token = parse_bearer(header)
        except UnauthenticatedError as error:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, error.message)
        principal = await self._resolve(token, context)
        try:
            await self.authorizer.authorize(principal, token, request.portfolio_id)
        except PermissionDeniedError as error:
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, error.message)
        except NotFoundError as error:
            await context.abort(grpc.StatusCode.NOT_FOUND, error.message)
        owner = self.authorizer.owners[request.portfolio_id]
        return registry_pb2.AuthorizePortfolioResponse(owner_user_id=owner)

    async def _resolve(self, token: str, context: Any) -> Principal:
        try:
            return await self.authenticator.authenticate(token)
        except UnauthenticatedError as error:
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, error.message)
            raise

"""The caller of an RPC, as every service sees it, and the contract to resolve and authorise it."""

from __future__ import annotations

import enum
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol


class Role(enum.Enum):
    ADMIN = "admin"
    USER = "user"
    # A service account: background work (worker jobs, the OMS's own calls) that acts on
    # every portfolio. It is not an admin and never signs in; it holds API tokens only.
    SERVICE = "service"


class TokenKind(enum.Enum):
    SESSION = "session"
    API = "api"


@dataclass(frozen=True)
class Principal:
    """An authenticated user acting through one session or API token."""

    user_id: str
    email: str
    role: Role
    token_kind: TokenKind
    token_id: str

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_service(self) -> bool:
        """A service account: may act on every portfolio, but manages no users."""
        return self.role is Role.SERVICE


# Set by the server auth interceptor for the duration of one RPC. The bearer
# token travels on with calls this RPC makes to other services, so they see
# the originating user, not the calling service.
current_principal: ContextVar[Principal | None] = ContextVar("current_principal", default=None)
current_bearer: ContextVar[str | None] = ContextVar("current_bearer", default=None)
# The full gRPC method being served, for audit records written during the RPC.
current_method: ContextVar[str | None] = ContextVar("current_method", default=None)


class AuthUnavailableError(Exception):
    """The authority (the registry) could not answer: the call fails UNAVAILABLE.

    Never a silent allow: without an answer, nobody is authenticated or authorised.
    """


class Authenticator(Protocol):
    """Resolves a bearer token to its principal."""

    async def authenticate(self, token: str) -> Principal:
        """The principal, or raise :class:`taplatform.errors.UnauthenticatedError`."""
        ...


class PortfolioAuthorizer(Protocol):
    """Decides whether a principal may act on a portfolio."""

    async def authorize(self, principal: Principal, bearer: str, portfolio_id: str) -> None:
        """Return if allowed; else raise PermissionDeniedError (or NotFoundError)."""
        ...

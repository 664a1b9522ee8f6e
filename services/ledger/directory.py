"""What the ledger asks the registry: a portfolio's base currency and its listings.

:class:`PortfolioDirectory` is the port; :class:`RegistryPortfolioDirectory`
calls the registry over gRPC with the caller's bearer forwarded (so the
registry authorises the originating user); :class:`FakePortfolioDirectory`
stands in for it in tests that run the ledger alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import grpc
from tradingassistant.registry.v1 import registry_pb2, registry_pb2_grpc

from taplatform.auth.bearer import bearer_metadata
from taplatform.auth.principal import current_bearer
from taplatform.errors import (
    DomainError,
    FailedPreconditionError,
    NotFoundError,
    PermissionDeniedError,
    UnauthenticatedError,
)


@dataclass(frozen=True)
class PortfolioInfo:
    portfolio_id: str
    base_currency: str


class PortfolioDirectory(Protocol):
    async def get_portfolio(self, portfolio_id: str) -> PortfolioInfo:
        """The portfolio, or raise NotFoundError."""
        ...

    async def listing_ids(self, portfolio_id: str) -> frozenset[str]:
        """The listings in the portfolio's universe (its constituents)."""
        ...


def _not_found(portfolio_id: str) -> NotFoundError:
    return NotFoundError(f"portfolio {portfolio_id} not found", reason="PORTFOLIO_NOT_FOUND")


@dataclass
class FakePortfolioDirectory:
    """An in-memory directory: ``add`` portfolios and their listings."""

    portfolios: dict[str, PortfolioInfo] = field(default_factory=dict)
    listings: dict[str, set[str]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    def add(
        self, portfolio_id: str, base_currency: str = "GBP", listings: set[str] | None = None
    ) -> FakePortfolioDirectory:
        self.portfolios[portfolio_id] = PortfolioInfo(portfolio_id, base_currency)
        self.listings[portfolio_id] = set(listings or ())
        return self

    async def get_portfolio(self, portfolio_id: str) -> PortfolioInfo:
        self.calls.append(f"get_portfolio {portfolio_id}")
        if portfolio_id not in self.portfolios:
            raise _not_found(portfolio_id)
        return self.portfolios[portfolio_id]

    async def listing_ids(self, portfolio_id: str) -> frozenset[str]:
        self.calls.append(f"listing_ids {portfolio_id}")
        return frozenset(self.listings.get(portfolio_id, ()))


class RegistryPortfolioDirectory:
    """The registry over gRPC, as the calling user."""

    def __init__(self, channel: grpc.aio.Channel, timeout_s: float) -> None:
        self._stub = registry_pb2_grpc.RegistryServiceStub(channel)
        self._timeout_s = timeout_s

    def _metadata(self) -> tuple[tuple[str, str], ...]:
        bearer = current_bearer.get()
        return bearer_metadata(bearer) if bearer else ()

    async def get_portfolio(self, portfolio_id: str) -> PortfolioInfo:
        try:
            reply = await self._stub.GetPortfolio(
                registry_pb2.GetPortfolioRequest(portfolio_id=portfolio_id),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise _translate(error, portfolio_id) from error
        return PortfolioInfo(reply.portfolio.portfolio_id, reply.portfolio.base_currency)

    async def listing_ids(self, portfolio_id: str) -> frozenset[str]:
        try:
            reply = await self._stub.ListConstituents(
                registry_pb2.ListConstituentsRequest(portfolio_ids=[portfolio_id]),
                timeout=self._timeout_s,
                metadata=self._metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise _translate(error, portfolio_id) from error
        return frozenset(c.listing_id for c in reply.constituents if c.portfolio_id == portfolio_id)


def _translate(error: grpc.aio.AioRpcError, portfolio_id: str) -> DomainError:
    code = error.code()
    if code == grpc.StatusCode.NOT_FOUND:
        return _not_found(portfolio_id)
    if code == grpc.StatusCode.PERMISSION_DENIED:
        return PermissionDeniedError(error.details() or "permission denied")
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return UnauthenticatedError(error.details() or "unauthenticated")
    return FailedPreconditionError(
        f"the registry did not answer ({code.name}); try again",
        reason="REGISTRY_UNAVAILABLE",
    )

"""What the OMS asks other services, as ports, with the in-memory fakes tests use.

Real adapters (gRPC to the registry, marketdata and ledger) are in
:mod:`services.oms.adapters`; the engine's recommendation lines reach the OMS
through :class:`RecommendationPort`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from services.oms.domain.capture import LedgerTrade
from services.oms.domain.model import OrderSide
from taplatform.auth.principal import Principal
from taplatform.errors import NotFoundError
from taplatform.fx import EurRates


@dataclass(frozen=True)
class Quote:
    """The latest validated price of a listing, in its quote currency/unit."""

    listing_id: str
    price: Decimal
    currency: str


@dataclass(frozen=True)
class ListingInfo:
    listing_id: str
    quote_currency: str
    # The quote unit in its currency's major unit: GBX = 0.01.
    price_scale: Decimal
    # exchange-calendars code (XLON); empty when unknown.
    calendar: str


class PriceSource(Protocol):
    async def latest(self, listing_id: str) -> Quote | None: ...

    async def fx_rates(self) -> EurRates | None:
        """The newest ECB reference rates marketdata holds, or None if it has none."""
        ...


class ListingDirectory(Protocol):
    async def listing(self, listing_id: str) -> ListingInfo:
        """The listing, or raise NotFoundError."""
        ...

    async def base_currency(self, portfolio_id: str) -> str: ...


class Valuation(Protocol):
    async def value(self, portfolio_id: str) -> Decimal | None:
        """Cash plus holdings at the latest prices, base currency; None if it cannot say."""
        ...


class PasswordVerifier(Protocol):
    async def verify(self, principal: Principal, password: str) -> bool: ...


class LedgerBook(Protocol):
    async def book(self, trade: LedgerTrade) -> bool:
        """Post the trade's batch; True if this call created it, False if it existed."""
        ...


class RecommendationRefusedError(Exception):
    """The engine answered and will not mark the recommendation executed: do not retry."""


@dataclass(frozen=True)
class RecommendedLine:
    """One order line of an engine recommendation, as the OMS places it."""

    line_id: str
    listing_id: str
    side: OrderSide
    quantity: Decimal


@dataclass(frozen=True)
class RecommendationView:
    """A recommendation's status (``proposed``, ``approved``, ``executed``, ...) and lines."""

    recommendation_id: str
    status: str
    lines: tuple[RecommendedLine, ...]


class RecommendationPort(Protocol):
    """The engine's side of execution: lines become executed when their orders end."""

    async def recommendation(self, portfolio_id: str, recommendation_id: str) -> RecommendationView:
        """The recommendation as the engine holds it; NotFoundError if there is none."""
        ...

    async def line_ids(self, portfolio_id: str, recommendation_id: str) -> Sequence[str]:
        """Every line of the recommendation; errors as for ``orders_terminal``."""
        ...

    async def orders_terminal(
        self, portfolio_id: str, recommendation_id: str, line_ids: Sequence[str]
    ) -> None:
        """Mark it executed (a repeat changes nothing); RecommendationRefusedError if the
        engine refuses, any other error when it could not be asked (retried later)."""
        ...


@dataclass
class FakePrices:
    quotes: dict[str, Quote] = field(default_factory=dict)

    def set(self, listing_id: str, price: str, currency: str = "GBP") -> None:
        self.quotes[listing_id] = Quote(listing_id, Decimal(price), currency)

    async def latest(self, listing_id: str) -> Quote | None:
        return self.quotes.get(listing_id)

    rates: EurRates | None = None

    async def fx_rates(self) -> EurRates | None:
        return self.rates


@dataclass
class FakeListings:
    listings: dict[str, ListingInfo] = field(default_factory=dict)
    bases: dict[str, str] = field(default_factory=dict)

    def add(
        self, listing_id: str, currency: str = "GBP", scale: str = "1", calendar: str = "XLON"
    ) -> None:
        self.listings[listing_id] = ListingInfo(listing_id, currency, Decimal(scale), calendar)

    async def listing(self, listing_id: str) -> ListingInfo:
        if listing_id not in self.listings:
            raise NotFoundError(f"listing {listing_id} not found", reason="LISTING_NOT_FOUND")
        return self.listings[listing_id]

    async def base_currency(self, portfolio_id: str) -> str:
        return self.bases.get(portfolio_id, "GBP")


@dataclass
class FakeValuation:
    values: dict[str, Decimal] = field(default_factory=dict)
    default: Decimal | None = None

    async def value(self, portfolio_id: str) -> Decimal | None:
        return self.values.get(portfolio_id, self.default)


@dataclass
class FakePasswords:
    passwords: dict[str, str] = field(default_factory=dict)

    async def verify(self, principal: Principal, password: str) -> bool:
        return self.passwords.get(principal.user_id) == password


@dataclass
class RecordingLedger:
    """Keeps booked trades by batch id, answering ``exists`` for a repeat."""

    trades: dict[str, LedgerTrade] = field(default_factory=dict)
    calls: int = 0

    async def book(self, trade: LedgerTrade) -> bool:
        self.calls += 1
        if str(trade.batch_id) in self.trades:
            return False
        self.trades[str(trade.batch_id)] = trade
        return True


@dataclass
class RecordingRecommendations:
    """Records what it is told; a recommendation's lines are those of its orders unless set."""

    executed: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)
    views: dict[str, RecommendationView] = field(default_factory=dict)
    # Set to make the engine refuse every report, with this message.
    refusal: str | None = None

    async def recommendation(self, portfolio_id: str, recommendation_id: str) -> RecommendationView:
        view = self.views.get(recommendation_id)
        if view is None:
            raise NotFoundError(f"recommendation {recommendation_id} not found")
        return view

    async def line_ids(self, portfolio_id: str, recommendation_id: str) -> Sequence[str]:
        return self.lines.get(recommendation_id, [])

    async def orders_terminal(
        self, portfolio_id: str, recommendation_id: str, line_ids: Sequence[str]
    ) -> None:
        if self.refusal is not None:
            raise RecommendationRefusedError(self.refusal)
        self.executed.append((portfolio_id, recommendation_id, tuple(line_ids)))

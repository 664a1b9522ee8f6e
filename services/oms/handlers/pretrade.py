"""What a pre-trade check needs from outside (listing, price, value, session), gathered
before the transaction, and a denial turned into the error the caller sees."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.oms.domain.commands import CreateOrder
from services.oms.domain.guardrails import LIMIT_REASONS, Denial, OrderIntent
from services.oms.domain.model import base_per_quote
from services.oms.domain.trading import TradingState
from services.oms.handlers import OmsDeps
from services.oms.ports import ListingInfo
from taplatform.errors import (
    DomainError,
    FailedPreconditionError,
    InvalidArgumentError,
    ResourceExhaustedError,
)


@dataclass(frozen=True)
class Facts:
    listing: ListingInfo
    base_currency: str
    base_per_quote: Decimal
    reference_price: Decimal | None
    market_open: bool | None
    current_value: Decimal | None

    def intent(self, command: CreateOrder) -> OrderIntent:
        return OrderIntent(
            command.side, command.quantity, self.reference_price, self.base_per_quote
        )


async def gather(deps: OmsDeps, command: CreateOrder, state: TradingState) -> Facts:
    """Ask the ports, outside any transaction (they may be remote)."""
    listing = await deps.listings.listing(command.listing_id)
    if command.limit_currency is not None and command.limit_currency != listing.quote_currency:
        raise InvalidArgumentError.for_field(
            "limit_price.currency_code",
            f"must be the listing's quote currency {listing.quote_currency}",
        )
    base = await deps.listings.base_currency(command.portfolio_id)
    rate = base_per_quote(listing.quote_currency, listing.price_scale, base)
    if rate is None:
        rates = await deps.prices.fx_rates()
        rate = base_per_quote(listing.quote_currency, listing.price_scale, base, rates)
    if rate is None:
        raise FailedPreconditionError(
            f"{listing.quote_currency} prices in a {base} portfolio need an FX rate"
            " and marketdata has none",
            reason="FX_UNAVAILABLE",
        )
    price = command.limit_price
    if price is None:
        quote = await deps.prices.latest(command.listing_id)
        price = None if quote is None else quote.price
    value = (
        await deps.valuation.value(command.portfolio_id) if state.limits.max_daily_loss else None
    )
    return Facts(
        listing=listing,
        base_currency=base,
        base_per_quote=rate,
        reference_price=price,
        market_open=deps.sessions.is_open(listing.calendar, deps.clock.now()),
        current_value=value,
    )


def denial_error(denial: Denial) -> DomainError:
    """Limits hit are RESOURCE_EXHAUSTED; a state that forbids trading is FAILED_PRECONDITION."""
    kind = ResourceExhaustedError if denial.reason in LIMIT_REASONS else FailedPreconditionError
    return kind(denial.message, reason=denial.reason.value)

"""Valuation in the base currency: the ONE place where price scale and FX are applied."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.engine.domain.numbers import ONE, ZERO
from services.engine.domain.snapshot import FxQuote, ListingRef, RunInputSnapshot

# Quote units that are a fraction of a major currency (their price_scale says how much).
MINOR_QUOTE_UNITS = {"GBX": "GBP", "GBp": "GBP", "ZAc": "ZAR", "ILA": "ILS"}


def major_currency(quote_currency: str) -> str:
    """The currency a listing's scaled price is in: GBX → GBP, otherwise itself."""
    return MINOR_QUOTE_UNITS.get(quote_currency, quote_currency)


class FxTable:
    """Rates into one base currency: direct, inverse, or crossed through a shared pivot (EUR)."""

    def __init__(self, base: str, quotes: tuple[FxQuote, ...]) -> None:
        self.base = base
        self._rates: dict[tuple[str, str], Decimal] = {}
        for q in sorted(quotes, key=lambda q: (q.base, q.quote)):
            self._rates[(q.base, q.quote)] = q.rate

    def rate_to_base(self, currency: str) -> Decimal | None:
        """How many base units one unit of ``currency`` buys, or None when unknown."""
        if currency == self.base:
            return ONE
        direct = self._rates.get((currency, self.base))
        if direct is not None:
            return direct
        inverse = self._rates.get((self.base, currency))
        if inverse is not None and inverse != ZERO:
            return ONE / inverse
        # ECB-style tables quote everything against one pivot: base/pivot ÷ currency/pivot.
        for (pivot, quote), rate in sorted(self._rates.items()):
            if quote == currency and rate != ZERO:
                to_base = self._rates.get((pivot, self.base))
                if to_base is not None:
                    return to_base / rate
        return None


def unit_price_base(listing: ListingRef, price: Decimal, fx: FxTable) -> Decimal | None:
    """One unit of ``listing`` at ``price`` (its quote unit) in the base currency:
    price x scale x FX; None when the currency has no route to the base."""
    rate = fx.rate_to_base(major_currency(listing.quote_currency))
    if rate is None:
        return None
    return price * listing.price_scale * rate


@dataclass(frozen=True)
class ListingValue:
    """A listing's price converted once: ``unit_price_base`` = price x scale x FX."""

    listing: ListingRef
    quoted_price: Decimal
    unit_price_base: Decimal
    quantity: Decimal
    value_base: Decimal

    @property
    def listing_id(self) -> str:
        return self.listing.listing_id


@dataclass(frozen=True)
class Valuation:
    base_currency: str
    listings: dict[str, ListingValue]  # every listing with a price, held or not
    cash_base: Decimal

    @property
    def invested_base(self) -> Decimal:
        """Market value of every holding, in the base currency."""
        return sum((v.value_base for v in self.listings.values()), ZERO)


def missing_fx(snapshot: RunInputSnapshot) -> list[str]:
    """Currencies (of listings and cash) with no route to the base currency, sorted."""
    fx = FxTable(snapshot.portfolio.base_currency, snapshot.fx_rates)
    needed = {major_currency(x.quote_currency) for x in snapshot.listings}
    needed |= {c.currency for c in snapshot.cash}
    return sorted(c for c in needed if fx.rate_to_base(c) is None)


def value_portfolio(snapshot: RunInputSnapshot) -> Valuation:
    """Value holdings and cash in the base currency. Call only once blocking checks passed."""
    base = snapshot.portfolio.base_currency
    fx = FxTable(base, snapshot.fx_rates)
    prices = {q.listing_id: q.price for q in snapshot.prices}
    held = {h.listing_id: h.quantity for h in snapshot.holdings}
    values: dict[str, ListingValue] = {}
    for listing in sorted(snapshot.listings, key=lambda x: x.listing_id):
        price = prices.get(listing.listing_id)
        unit = None if price is None else unit_price_base(listing, price, fx)
        if price is None or unit is None:
            continue
        quantity = held.get(listing.listing_id, ZERO)
        values[listing.listing_id] = ListingValue(listing, price, unit, quantity, quantity * unit)
    cash = ZERO
    for balance in sorted(snapshot.cash, key=lambda c: c.currency):
        rate = fx.rate_to_base(balance.currency)
        if rate is None:
            raise ValueError(f"no FX rate for cash in {balance.currency}")
        cash += balance.amount * rate
    return Valuation(base, values, cash)

"""Instruments (ISIN) and their listings on venues: shared reference data."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from services.registry.domain.codes import (
    parse_calendar,
    parse_mic,
    parse_quote_currency,
    price_scale_for,
)
from services.registry.domain.fields import check_range, clean_name, clean_ticker
from services.registry.domain.isin import parse_isin
from taplatform.errors import FailedPreconditionError, InvalidArgumentError


class AssetClass(enum.Enum):
    EQUITY = "equity"
    BOND = "bond"
    FUND = "fund"
    ETF = "etf"
    CASH = "cash"
    COMMODITY = "commodity"
    OTHER = "other"


@dataclass(frozen=True)
class Instrument:
    instrument_id: str
    isin: str
    name: str
    asset_class: AssetClass
    created_by_user_id: str
    version: int
    archived: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Listing:
    """An instrument traded on one venue under one ticker, quoted in one unit."""

    listing_id: str
    instrument_id: str
    venue_mic: str
    ticker: str
    quote_currency: str
    price_scale: Decimal
    lot_size: Decimal
    tick_size: Decimal
    calendar: str
    created_by_user_id: str
    version: int
    archived: bool
    created_at: datetime
    updated_at: datetime


def new_instrument(
    instrument_id: str, isin: str, name: str, asset_class: AssetClass, user_id: str, now: datetime
) -> Instrument:
    """A new instrument at version 1, its ISIN check digit verified."""
    return Instrument(
        instrument_id=instrument_id,
        isin=parse_isin(isin),
        name=clean_name(name),
        asset_class=asset_class,
        created_by_user_id=user_id,
        version=1,
        archived=False,
        created_at=now,
        updated_at=now,
    )


def update_instrument(
    instrument: Instrument, name: str, asset_class: AssetClass, now: datetime
) -> Instrument:
    """Replace name and asset class; the ISIN is the identity and never changes."""
    if instrument.archived:
        raise FailedPreconditionError(f"instrument {instrument.instrument_id} is archived")
    return replace(
        instrument,
        name=clean_name(name),
        asset_class=asset_class,
        version=instrument.version + 1,
        updated_at=now,
    )


def check_price_scale(quote_currency: str, given: Decimal | None) -> Decimal:
    """The price scale implied by the quote unit; a given one must agree (GBX 0.01, else 1)."""
    expected = price_scale_for(quote_currency)
    if given is not None and given != expected:
        raise InvalidArgumentError.for_field(
            "price_scale", f"must be {expected} for quote currency {quote_currency} (got {given})"
        )
    return expected


@dataclass(frozen=True)
class ListingTerms:
    """The mutable trading terms of a listing, validated together."""

    ticker: str
    lot_size: Decimal
    tick_size: Decimal
    calendar: str

    @classmethod
    def parse(
        cls, ticker: str, lot_size: Decimal, tick_size: Decimal, calendar: str
    ) -> ListingTerms:
        return cls(
            ticker=clean_ticker(ticker),
            lot_size=check_range(lot_size, "lot_size", minimum=Decimal(0), exclusive_minimum=True),
            tick_size=check_range(
                tick_size, "tick_size", minimum=Decimal(0), exclusive_minimum=True
            ),
            calendar=parse_calendar(calendar),
        )


def new_listing(
    listing_id: str,
    instrument_id: str,
    venue_mic: str,
    quote_currency: str,
    price_scale: Decimal | None,
    terms: ListingTerms,
    user_id: str,
    now: datetime,
) -> Listing:
    """A new listing at version 1."""
    quote = parse_quote_currency(quote_currency)
    return Listing(
        listing_id=listing_id,
        instrument_id=instrument_id,
        venue_mic=parse_mic(venue_mic),
        ticker=terms.ticker,
        quote_currency=quote,
        price_scale=check_price_scale(quote, price_scale),
        lot_size=terms.lot_size,
        tick_size=terms.tick_size,
        calendar=terms.calendar,
        created_by_user_id=user_id,
        version=1,
        archived=False,
        created_at=now,
        updated_at=now,
    )


def update_listing(listing: Listing, terms: ListingTerms, now: datetime) -> Listing:
    """Replace ticker, lot size, tick size and calendar; venue and quote unit are identity."""
    if listing.archived:
        raise FailedPreconditionError(f"listing {listing.listing_id} is archived")
    return replace(
        listing,
        ticker=terms.ticker,
        lot_size=terms.lot_size,
        tick_size=terms.tick_size,
        calendar=terms.calendar,
        version=listing.version + 1,
        updated_at=now,
    )

"""Value types of market data: listings as marketdata sees them, price points and EOD bars."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from services.marketdata.domain.units import expected_scale


class PriceKind(enum.StrEnum):
    INTRADAY = "intraday"
    EOD = "eod"


@dataclass(frozen=True, slots=True)
class ListingInfo:
    """What marketdata needs to know about a registry listing."""

    listing_id: str
    ticker: str
    venue_mic: str
    # The unit prices are quoted in (GBP, GBX, VND) and that unit in the major currency.
    quote_currency: str
    price_scale: Decimal
    # exchange-calendars code: XLON, XSTC.
    calendar: str


@dataclass(frozen=True, slots=True)
class PricePoint:
    """One price exactly as a source quoted it, keyed by (listing, observed_at, kind, source).

    EOD points are stamped at 00:00 UTC of their session date (see
    :func:`eod_timestamp`), so the key does not move when a calendar's close
    time is corrected.
    """

    listing_id: str
    observed_at: datetime
    kind: PriceKind
    source: str
    price: Decimal
    # The unit the source quoted in and its scale (the listing's, unless the source says otherwise).
    currency: str
    scale: Decimal
    open: Decimal | None = None
    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None

    @property
    def session_date(self) -> date:
        """The date of an EOD point (UTC date of the stamp for intraday)."""
        return self.observed_at.astimezone(UTC).date()

    def key(self) -> tuple[str, datetime, PriceKind, str]:
        return (self.listing_id, self.observed_at, self.kind, self.source)


def eod_timestamp(session: date) -> datetime:
    """The ``observed_at`` of an EOD point of ``session``: 00:00 UTC that day."""
    return datetime.combine(session, time(0), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class EodBar:
    """A daily bar as a provider returns it, before it is tied to a listing's units."""

    session: date
    close: Decimal
    open: Decimal | None = None
    high: Decimal | None = None
    low: Decimal | None = None
    volume: Decimal | None = None

    def to_point(
        self, listing: ListingInfo, source: str, currency: str | None = None
    ) -> PricePoint:
        """The EOD price point of this bar, in ``currency`` (default: the listing's unit)."""
        unit = currency or listing.quote_currency
        scale = listing.price_scale if unit == listing.quote_currency else expected_scale(unit)
        return PricePoint(
            listing_id=listing.listing_id,
            observed_at=eod_timestamp(self.session),
            kind=PriceKind.EOD,
            source=source,
            price=self.close,
            currency=unit,
            scale=scale,
            open=self.open,
            high=self.high,
            low=self.low,
            volume=self.volume,
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """An intraday last price as a provider returns it."""

    observed_at: datetime
    price: Decimal

    def to_point(self, listing: ListingInfo, source: str) -> PricePoint:
        return PricePoint(
            listing_id=listing.listing_id,
            observed_at=self.observed_at,
            kind=PriceKind.INTRADAY,
            source=source,
            price=self.price,
            currency=listing.quote_currency,
            scale=listing.price_scale,
        )

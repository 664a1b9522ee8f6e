"""Builders of listings, price points and series contexts for the data-quality tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from services.marketdata.domain.calendars import get_trading_calendar
from services.marketdata.domain.prices import ListingInfo, PriceKind, PricePoint, eod_timestamp
from services.marketdata.domain.rules import SeriesContext
from services.marketdata.domain.units import EurRates

VOD = ListingInfo("lst-vod", "VOD", "XLON", "GBX", Decimal("0.01"), "XLON")
FPT = ListingInfo("lst-fpt", "FPT", "XSTC", "VND", Decimal("1"), "XSTC")


def eod(listing: ListingInfo, day: date, price: str, currency: str | None = None) -> PricePoint:
    unit = currency or listing.quote_currency
    scale = listing.price_scale if unit == listing.quote_currency else Decimal(1)
    return PricePoint(
        listing.listing_id, eod_timestamp(day), PriceKind.EOD, "test", Decimal(price), unit, scale
    )


def tick(listing: ListingInfo, at: datetime, price: str) -> PricePoint:
    return PricePoint(
        listing.listing_id,
        at,
        PriceKind.INTRADAY,
        "test",
        Decimal(price),
        listing.quote_currency,
        listing.price_scale,
    )


def context(
    listing: ListingInfo,
    as_of: datetime,
    history: Sequence[PricePoint] = (),
    new: Sequence[PricePoint] = (),
    *,
    fx_latest: EurRates | None = None,
    fx_previous: EurRates | None = None,
    base_currencies: tuple[str, ...] = ("GBP",),
) -> SeriesContext:
    return SeriesContext(
        listing=listing,
        calendar=get_trading_calendar(listing.calendar),
        as_of=as_of,
        history=tuple(history),
        new_points=tuple(new),
        fx_latest=fx_latest,
        fx_previous=fx_previous,
        base_currencies=base_currencies,
    )

"""Stooq's keyless CSV downloads: daily bars (``/q/d/l/``) and the latest quote (``/q/l/``).

Stooq names LSE symbols ``<ticker>.uk`` and quotes them in pence, as the
listing's GBX unit declares; it does not say the unit, so a flip to pounds is
left to the scale-mismatch rule. Its quote times are Central European time.
It answers unknown symbols with ``No data`` and throttling with a sentence
about the daily hits limit, both with HTTP 200.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from services.marketdata.domain.csv_import import CsvFileOptions, RowRejection, parse_price_csv
from services.marketdata.domain.prices import ListingInfo, Quote
from services.marketdata.domain.units import EurRates
from services.marketdata.providers.base import (
    Capability,
    PriceFetch,
    ProviderNotFoundError,
    ProviderUnavailableError,
    RateLimitedError,
    unsupported,
)
from services.marketdata.providers.http import HttpFetcher

DEFAULT_BASE_URL = "https://stooq.com"
# Venues Stooq covers, and its symbol suffix for each.
SUFFIXES = {"XLON": "uk"}
QUOTE_TZ = ZoneInfo("Europe/Warsaw")
QUOTE_FIELDS = "sd2t2ohlcv"


class StooqProvider:
    """EOD bars and latest quotes for LSE listings from Stooq."""

    name = "stooq"
    capabilities = frozenset({Capability.EOD, Capability.INTRADAY})

    def __init__(self, http: HttpFetcher, base_url: str = DEFAULT_BASE_URL) -> None:
        self._http = http
        self._base_url = base_url.rstrip("/")

    def symbol(self, listing: ListingInfo) -> str:
        suffix = SUFFIXES.get(listing.venue_mic)
        if suffix is None:
            raise ProviderNotFoundError(self.name, f"has no prices for venue {listing.venue_mic}")
        return f"{listing.ticker.lower()}.{suffix}"

    async def fetch_eod(self, listing: ListingInfo, start: date, end: date) -> PriceFetch:
        params = {
            "s": self.symbol(listing),
            "i": "d",
            "d1": start.strftime("%Y%m%d"),
            "d2": end.strftime("%Y%m%d"),
        }
        text = await self._http.get_text(f"{self._base_url}/q/d/l/", params)
        self._check_words(text, params["s"])
        options = CsvFileOptions(
            source=self.name, listing=listing.listing_id, currency=listing.quote_currency
        )
        parsed = parse_price_csv(text.splitlines(), {listing.listing_id: listing}, options)
        return PriceFetch(parsed.accepted, parsed.rejected)

    async def fetch_intraday(self, listing: ListingInfo) -> PriceFetch:
        symbol = self.symbol(listing)
        params = {"s": symbol, "f": QUOTE_FIELDS, "h": "", "e": "csv"}
        text = await self._http.get_text(f"{self._base_url}/q/l/", params)
        self._check_words(text, symbol)
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2:
            raise ProviderUnavailableError(self.name, "quote answer has no data row")
        cells = [c.strip() for c in lines[1].split(",")]
        if len(cells) < 7 or "N/D" in cells[1:3]:
            raise ProviderNotFoundError(self.name, f"no quote for {symbol}")
        try:
            stamp = datetime.fromisoformat(f"{cells[1]}T{cells[2]}").replace(tzinfo=QUOTE_TZ)
            price = Decimal(cells[6])
        except (ValueError, InvalidOperation):
            return PriceFetch([], [RowRejection(2, "close", f"unreadable quote {lines[1]!r}")])
        if not price.is_finite() or price <= 0:
            return PriceFetch([], [RowRejection(2, "close", f"{cells[6]} must be positive")])
        return PriceFetch([Quote(stamp, price).to_point(listing, self.name)])

    async def fetch_fx(self) -> list[EurRates]:
        raise unsupported(self.name, Capability.FX)

    def _check_words(self, text: str, symbol: str) -> None:
        head = text.strip()[:200].lower()
        if "exceeded the daily hits limit" in head:
            raise RateLimitedError(self.name, "daily hits limit exceeded")
        if head.startswith("no data"):
            raise ProviderNotFoundError(self.name, f"no data for {symbol}")

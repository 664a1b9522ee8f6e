"""The ECB's euro foreign exchange reference rates (daily / 90-day XML, EUR -> X).

The ECB publishes about 30 currencies on TARGET business days around 16:00
CET. It does not publish VND: a VND-based portfolio needs another FX source,
and until it has one the FX-mismatch rule says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal, InvalidOperation

from services.marketdata.domain.prices import ListingInfo
from services.marketdata.domain.units import EurRates
from services.marketdata.providers.base import (
    Capability,
    PriceFetch,
    ProviderUnavailableError,
    unsupported,
)
from services.marketdata.providers.http import HttpFetcher

DEFAULT_BASE_URL = "https://www.ecb.europa.eu"
DAILY_PATH = "/stats/eurofxref/eurofxref-daily.xml"
HIST_90D_PATH = "/stats/eurofxref/eurofxref-hist-90d.xml"
NS = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"


class EcbProvider:
    """FX only: the reference rates of the last day, or of the last 90 days."""

    name = "ecb"
    capabilities = frozenset({Capability.FX})

    def __init__(self, http: HttpFetcher, base_url: str = DEFAULT_BASE_URL, history: bool = False):
        self._http = http
        self._url = base_url.rstrip("/") + (HIST_90D_PATH if history else DAILY_PATH)

    async def fetch_eod(self, listing: ListingInfo, start: date, end: date) -> PriceFetch:
        raise unsupported(self.name, Capability.EOD)

    async def fetch_intraday(self, listing: ListingInfo) -> PriceFetch:
        raise unsupported(self.name, Capability.INTRADAY)

    async def fetch_fx(self) -> list[EurRates]:
        return parse_ecb_xml(await self._http.get_text(self._url), self.name)


def parse_ecb_xml(text: str, provider: str = "ecb") -> list[EurRates]:
    """Every ``<Cube time=...>`` day of an ECB file, oldest first; malformed files raise."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise ProviderUnavailableError(provider, f"malformed XML: {error}") from None
    days = []
    for cube in root.iter(f"{NS}Cube"):
        if "time" not in cube.attrib:
            continue
        try:
            day = date.fromisoformat(cube.attrib["time"])
            rates = {c.attrib["currency"]: Decimal(c.attrib["rate"]) for c in cube}
        except (KeyError, ValueError, InvalidOperation) as error:
            raise ProviderUnavailableError(
                provider, f"bad rate in {cube.attrib}: {error}"
            ) from None
        if any(not rate.is_finite() or rate <= 0 for rate in rates.values()):
            raise ProviderUnavailableError(provider, f"non-positive rate on {day}")
        days.append(EurRates(day, rates))
    if not days:
        raise ProviderUnavailableError(provider, "no rates in the ECB file")
    return sorted(days, key=lambda d: d.as_of)

"""What the demo portfolio holds, and the synthetic sample prices it is seeded with.

The instruments are real London Stock Exchange securities (ISINs, tickers and
quote units are reference data); every price is synthetic SAMPLE DATA made by
``demo/make_sample_prices.py``, never a real quote.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from tradingassistant.registry.v1 import registry_pb2 as reg

DEMO_PORTFOLIO_NAME = "Demo portfolio (sample data)"
DEMO_BASE_CURRENCY = "GBP"
# Recorded as the price points' source, so sample prices are labelled wherever they show.
SAMPLE_SOURCE = "sample-data"
VENUE = "XLON"
REPO_DIR = Path(__file__).resolve().parents[2]
DEMO_PRICES_DIR = REPO_DIR / "demo" / "prices"
PRICE_COLUMNS = ("date", "open", "high", "low", "close", "volume")


@dataclass(frozen=True)
class DemoSleeve:
    name: str
    target_weight_pct: Decimal


@dataclass(frozen=True)
class DemoListing:
    """One LSE listing of the demo and the sleeve it belongs to."""

    ticker: str
    isin: str
    name: str
    asset_class: reg.AssetClass
    quote_currency: str  # GBX: pence
    sleeve: str

    @property
    def price_scale(self) -> Decimal:
        return Decimal("0.01") if self.quote_currency == "GBX" else Decimal(1)


SLEEVES = (
    DemoSleeve("Global equity", Decimal(60)),
    DemoSleeve("UK equity", Decimal(25)),
    DemoSleeve("UK gilts", Decimal(15)),
)

LISTINGS = (
    DemoListing(
        "VWRL",
        "IE00B3RBWM25",
        "Vanguard FTSE All-World UCITS ETF (Dist)",
        reg.ASSET_CLASS_ETF,
        "GBP",
        "Global equity",
    ),
    DemoListing(
        "ISF",
        "IE0005042456",
        "iShares Core FTSE 100 UCITS ETF (Dist)",
        reg.ASSET_CLASS_ETF,
        "GBX",
        "UK equity",
    ),
    DemoListing("ULVR", "GB00B10RZP78", "Unilever PLC", reg.ASSET_CLASS_EQUITY, "GBX", "UK equity"),
    DemoListing(
        "IGLT",
        "IE00B1FZSB30",
        "iShares Core UK Gilts UCITS ETF (Dist)",
        reg.ASSET_CLASS_ETF,
        "GBX",
        "UK gilts",
    ),
)

# The opening ledger batch: cash in on the first sample session, buys at the
# close of the BUY_SESSION-th one. ULVR stays unbought, so there is advice to give.
CONTRIBUTION_GBP = Decimal("10000.00")
BUY_SESSION = 5
BUYS = (("VWRL", Decimal(40)), ("ISF", Decimal(250)), ("IGLT", Decimal(150)))
TRADE_FEE_GBP = Decimal("1.50")


class SampleDataError(Exception):
    """The sample price files are missing or do not fit the demo."""


@dataclass(frozen=True)
class SampleBar:
    """One row of a sample price file, kept as the text it was written as."""

    day: date
    values: dict[str, str]

    @property
    def close(self) -> Decimal:
        return Decimal(self.values["close"])


def read_sample_prices(folder: Path, ticker: str) -> list[SampleBar]:
    """The rows of ``<folder>/<ticker>.csv`` in date order; a missing file names itself."""
    path = folder / f"{ticker}.csv"
    if not path.is_file():
        raise SampleDataError(f"no sample price file {path} (see demo/README.md)")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    bars = [SampleBar(date.fromisoformat(row["date"]), dict(row)) for row in rows]
    return sorted(bars, key=lambda bar: bar.day)


def import_csv(bars_by_listing: dict[str, list[SampleBar]], currency: dict[str, str]) -> bytes:
    """One CSV for ImportPricesCsv: a ``listing`` and ``currency`` column, then the bars."""
    lines = [",".join(("listing", "currency", *PRICE_COLUMNS))]
    for listing_id in sorted(bars_by_listing):
        for bar in bars_by_listing[listing_id]:
            cells = (listing_id, currency[listing_id], *(bar.values[c] for c in PRICE_COLUMNS))
            lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()

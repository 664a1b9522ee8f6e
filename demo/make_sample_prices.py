"""Write demo/prices/<TICKER>.csv: SYNTHETIC sample EOD prices for the demo listings.

SAMPLE DATA, NOT MARKET DATA. Each series is a seeded random walk over the
London Stock Exchange's trading sessions (exchange-calendars' XLON), in the
listing's quote unit (pence for GBX). The same script always writes the same
bytes, so the committed files can be checked against it::

    .venv/bin/python demo/make_sample_prices.py          # rewrite demo/prices/
    .venv/bin/python demo/make_sample_prices.py --check  # exit 1 if they differ

Sessions run to LAST_DAY, past today on purpose: `up` points marketdata's
csv provider here, and its scheduled EOD refresh only takes days up to today,
so a new sample price "arrives" every session.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

from services.marketdata.domain.calendars import get_trading_calendar
from taplatform.cli.demo_data import LISTINGS, PRICE_COLUMNS, VENUE

FIRST_DAY = date(2025, 1, 2)
LAST_DAY = date(2027, 12, 31)
OUT_DIR = Path(__file__).resolve().parent / "prices"
CENT = Decimal("0.01")
BPS = Decimal(10_000)


@dataclass(frozen=True)
class Walk:
    """Where a series starts (quote unit) and how it moves each session, in basis points."""

    start: Decimal
    drift_bps: int
    swing_bps: int


WALKS = {
    "VWRL": Walk(Decimal("108.40"), 3, 110),
    "ISF": Walk(Decimal("812.60"), 2, 100),
    "ULVR": Walk(Decimal("4521.00"), 1, 140),
    "IGLT": Walk(Decimal("1046.20"), 0, 45),
}


def _scaled(price: Decimal, bps: int) -> Decimal:
    return (price * (BPS + bps) / BPS).quantize(CENT, rounding=ROUND_HALF_EVEN)


def series(ticker: str, sessions: list[date]) -> list[dict[str, str]]:
    """One row per session; integer random draws only, so every platform writes the same."""
    walk = WALKS[ticker]
    rng = random.Random(f"tradingassistant-sample-{ticker}")
    close = walk.start
    rows = []
    for day in sessions:
        open_ = _scaled(close, rng.randint(-25, 25))
        close = _scaled(close, walk.drift_bps + rng.randint(-walk.swing_bps, walk.swing_bps))
        high = _scaled(max(open_, close), rng.randint(0, 60))
        low = _scaled(min(open_, close), -rng.randint(0, 60))
        volume = rng.randint(40_000, 2_500_000)
        values = (day.isoformat(), str(open_), str(high), str(low), str(close), str(volume))
        rows.append(dict(zip(PRICE_COLUMNS, values, strict=True)))
    return rows


def render(ticker: str) -> str:
    sessions = get_trading_calendar(VENUE).sessions_between(FIRST_DAY, LAST_DAY)
    lines = [",".join(PRICE_COLUMNS)]
    lines += [",".join(row[c] for c in PRICE_COLUMNS) for row in series(ticker, sessions)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if {listing.ticker for listing in LISTINGS} != set(WALKS):
        raise SystemExit("WALKS must name exactly the demo listings' tickers")
    check = "--check" in argv
    stale = []
    for ticker in sorted(WALKS):
        path = OUT_DIR / f"{ticker}.csv"
        text = render(ticker)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            OUT_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale sample prices: {', '.join(stale)}; run demo/make_sample_prices.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

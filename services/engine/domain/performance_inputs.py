"""What the value series reads (ledger moves, closes, ECB days) and how it looks prices up:
closes carried forward, trade prices standing in before a listing's first close, and the
ECB day in force on each day."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.engine.domain.numbers import ZERO
from services.engine.domain.snapshot import FxQuote
from services.engine.domain.valuation import FxTable


class MoveKind(enum.StrEnum):
    CONTRIBUTION = "contribution"
    WITHDRAWAL = "withdrawal"
    FEE = "fee"
    INTEREST = "interest"
    DIVIDEND = "dividend"
    BUY = "buy"
    SELL = "sell"
    STOCK_SPLIT = "stock_split"
    REVERSAL = "reversal"


EXTERNAL = frozenset({MoveKind.CONTRIBUTION, MoveKind.WITHDRAWAL})
HOLDING = frozenset({MoveKind.BUY, MoveKind.SELL, MoveKind.STOCK_SPLIT})
TRADES = frozenset({MoveKind.BUY, MoveKind.SELL})


@dataclass(frozen=True)
class LedgerMove:
    """A posted ledger entry as performance reads it (``cash_change`` as the ledger derived it)."""

    entry_id: str
    sequence: int
    kind: MoveKind
    entry_date: date
    cash_change: Decimal = ZERO
    cash_currency: str = ""
    listing_id: str = ""
    quantity: Decimal = ZERO
    price: Decimal | None = None  # trades: per unit in the listing's quote unit
    split_ratio: Decimal = Decimal(1)
    reverses_entry_id: str = ""


@dataclass(frozen=True)
class Close:
    listing_id: str
    day: date
    price: Decimal  # in the listing's quote unit


@dataclass(frozen=True)
class FxDay:
    """One ECB publication day of reference rates."""

    day: date
    quotes: tuple[FxQuote, ...]


class PriceBook:
    """Closes by listing, with ledger trade prices standing in before the first close."""

    def __init__(self, closes: Sequence[Close], moves: Sequence[LedgerMove]) -> None:
        by_listing: dict[str, dict[date, Decimal]] = {}
        self.first_close: dict[str, date] = {}
        # Several sources may close one session: the first in (day, price) order wins,
        # so the answer never depends on the order the source listed them in.
        for c in sorted(closes, key=lambda c: (c.listing_id, c.day, c.price)):
            by_listing.setdefault(c.listing_id, {}).setdefault(c.day, c.price)
            self.first_close.setdefault(c.listing_id, c.day)
        self.trade_fill: dict[str, date] = {}
        for m in moves:
            if m.kind in TRADES and m.price is not None:
                first = self.first_close.get(m.listing_id)
                if first is None or m.entry_date < first:
                    by_listing.setdefault(m.listing_id, {})[m.entry_date] = m.price
                    self.trade_fill[m.listing_id] = m.entry_date
        self.observed = {k: sorted(v.items()) for k, v in by_listing.items()}
        self._days = {k: [d for d, _ in v] for k, v in self.observed.items()}

    def price_on(self, listing_id: str, day: date) -> Decimal | None:
        """The newest observation on or before ``day``; the oldest one after it otherwise."""
        days = self._days.get(listing_id)
        if not days:
            return None
        index = bisect.bisect_right(days, day) - 1
        return self.observed[listing_id][max(index, 0)][1]

    def day_of_price(self, listing_id: str, day: date) -> date | None:
        """The day of the observation :meth:`price_on` uses for ``day``."""
        days = self._days.get(listing_id)
        if not days:
            return None
        return days[max(bisect.bisect_right(days, day) - 1, 0)]

    def notes_for(
        self, listing_id: str, name: str, as_of: date, held: Mapping[str, Decimal]
    ) -> list[str]:
        """What was estimated for one listing: trade prices standing in, a stale last close."""
        notes = []
        if listing_id in self.trade_fill:
            first = self.first_close.get(listing_id)
            until = f"its first close on {first.isoformat()}" if first else "as_of (no close)"
            notes.append(f"{name}: valued at its ledger trade price until {until}")
        used = self.day_of_price(listing_id, as_of)
        if held.get(listing_id, ZERO) != ZERO and used is not None and used < as_of:
            notes.append(
                f"{name}: no close on {as_of.isoformat()}; "
                f"the close of {used.isoformat()} is carried forward"
            )
        return notes


class FxBook:
    """ECB days; a day uses the newest publication on or before it."""

    def __init__(self, base: str, fx_days: Sequence[FxDay]) -> None:
        self.base = base
        self.days = sorted(fx_days, key=lambda d: d.day)
        self._keys = [d.day for d in self.days]
        self.notes: list[str] = []
        self._cache: dict[int, FxTable] = {}

    def table_on(self, day: date) -> FxTable:
        """Rates of the newest ECB day on or before ``day`` (the oldest one before any)."""
        if not self.days:
            return FxTable(self.base, ())
        index = bisect.bisect_right(self._keys, day) - 1
        if index < 0:
            index = 0
            if not self.notes:
                first = self.days[0].day.isoformat()
                self.notes.append(f"FX before {first} (the oldest ECB day stored) uses {first}")
        if index not in self._cache:
            self._cache[index] = FxTable(self.base, self.days[index].quotes)
        return self._cache[index]

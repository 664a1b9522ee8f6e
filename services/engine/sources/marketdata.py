"""What a run reads from market data: latest prices with their DQ state, FX, trailing highs.

A price is FAILING while an active (open or acknowledged) alert of a rule
that freezes advice names its listing; the alert ids travel with it so a
blocked run can point at them. Alerts of non-freezing rules are warnings and
leave the price OK.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from services.engine.domain.performance_inputs import Close, FxDay
from services.engine.domain.snapshot import FxQuote, PriceQuote, TrailingHigh


class MarketDataSource(Protocol):
    async def latest_prices(self, listing_ids: Sequence[str]) -> list[PriceQuote]:
        """The newest price of each listing that has one, with its DQ state."""
        ...

    async def fx_rates(self) -> list[FxQuote]:
        """The newest day of reference rates."""
        ...

    async def trailing_high(
        self, listing_id: str, as_of: datetime, window_days: int
    ) -> TrailingHigh | None:
        """The highest EOD close in the ``window_days`` up to ``as_of``; None without points."""
        ...

    async def closes(self, listing_ids: Sequence[str], first: date, last: date) -> list[Close]:
        """Every EOD close of ``listing_ids`` in the sessions ``first``..``last`` (inclusive),
        by listing then session; a session several sources closed comes once per source."""
        ...

    async def fx_days(self, first: date, last: date, currencies: Sequence[str]) -> list[FxDay]:
        """ECB days, oldest first: the one in force on ``first`` (the newest on or before
        it) and every later one up to ``last``; only rates into ``currencies`` (all when
        empty), and only days that publish one of them."""
        ...


@dataclass
class FakeMarketDataSource:
    """Prices, alerts, FX and price history in memory."""

    prices: dict[str, PriceQuote] = field(default_factory=dict)
    rates: list[FxQuote] = field(default_factory=list)
    # listing id -> (observed_at, EOD close) points
    history: dict[str, list[tuple[datetime, Decimal]]] = field(default_factory=dict)
    fx_history: list[FxDay] = field(default_factory=list)
    calls: int = 0
    fx_calls: int = 0
    closes_calls: int = 0

    async def latest_prices(self, listing_ids: Sequence[str]) -> list[PriceQuote]:
        self.calls += 1
        return [self.prices[i] for i in listing_ids if i in self.prices]

    async def fx_rates(self) -> list[FxQuote]:
        return list(self.rates)

    async def trailing_high(
        self, listing_id: str, as_of: datetime, window_days: int
    ) -> TrailingHigh | None:
        start = as_of - timedelta(days=window_days)
        points = [(at, px) for at, px in self.history.get(listing_id, []) if start <= at <= as_of]
        if not points:
            return None
        observed_at, price = max(points, key=lambda p: (p[1], p[0]))
        return TrailingHigh(listing_id, price, observed_at, window_days)

    async def closes(self, listing_ids: Sequence[str], first: date, last: date) -> list[Close]:
        self.closes_calls += 1
        return [
            Close(listing_id, at.date(), px)
            for listing_id in sorted(listing_ids)
            for at, px in sorted(self.history.get(listing_id, []))
            if first <= at.date() <= last
        ]

    async def fx_days(self, first: date, last: date, currencies: Sequence[str]) -> list[FxDay]:
        self.fx_calls += 1
        wanted = set(currencies)
        days = [
            FxDay(d.day, tuple(q for q in d.quotes if not wanted or q.quote in wanted))
            for d in sorted(self.fx_history, key=lambda d: d.day)
            if d.day <= last
        ]
        days = [d for d in days if d.quotes]
        in_force = [d.day for d in days if d.day <= first]
        start = in_force[-1] if in_force else first
        return [d for d in days if d.day >= start]

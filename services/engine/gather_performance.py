"""Gather what a performance report reads: entries, listings, closes and the ECB days it needs.

Closes are read from a few days before the first entry (a holding bought on a
Monday may need the Friday close), for every held listing at once (ListDailyCloses:
one call per page of closes, not one per listing). ECB days are fetched only
when some listing or cash balance is not in the base currency, in one range
request (ListFxRates: the day in force on the first entry's date and every
publication after it, for the currencies involved), whatever the length of
the history.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

from services.engine.domain.performance import HistoryInput
from services.engine.domain.performance_inputs import FxDay
from services.engine.domain.valuation import major_currency
from services.engine.sources import Sources
from taplatform.fx import FX_BASE

CLOSE_LOOKBACK_DAYS = 10


async def gather_history(sources: Sources, portfolio_id: str, as_of: date) -> HistoryInput:
    """The inputs of ``portfolio_id``'s value series up to ``as_of``."""
    registry, ledger, market = sources.registry, sources.ledger, sources.marketdata
    portfolio, sleeves, constituents, moves = await asyncio.gather(
        registry.portfolio(portfolio_id),
        registry.sleeves(portfolio_id),
        registry.constituents(portfolio_id),
        ledger.entries(portfolio_id),
    )
    moves = [m for m in moves if m.entry_date <= as_of]
    sleeve_names = {s.sleeve_id: s.name for s in sleeves}
    members = {
        c.listing_id: sleeve_names[c.sleeve_id] for c in constituents if c.sleeve_id in sleeve_names
    }
    listing_ids = sorted(
        {c.listing_id for c in constituents} | {m.listing_id for m in moves} - {""}
    )
    listings = await registry.listings(listing_ids)
    base = portfolio.base_currency
    history = HistoryInput(
        base_currency=base,
        as_of=as_of,
        listings=tuple(listings),
        moves=tuple(moves),
        closes=(),
        members=members,
        sleeve_names=tuple(sorted(set(sleeve_names.values()))),
    )
    if not moves:
        return history
    first = min(m.entry_date for m in moves)
    held = sorted({m.listing_id for m in moves} - {""})
    since = first - timedelta(days=CLOSE_LOOKBACK_DAYS)
    foreign = {major_currency(x.quote_currency) for x in listings if x.listing_id in held}
    foreign |= {m.cash_currency for m in moves if m.cash_currency}
    # ECB rates are EUR -> X: the base and each foreign currency are the X's to read.
    wanted = sorted((foreign | {base}) - {FX_BASE})
    closes, fx_days = await asyncio.gather(
        market.closes(held, since, as_of),
        market.fx_days(first, as_of, wanted) if foreign - {base} else _no_fx(),
    )
    return replace(
        history,
        closes=tuple(closes),
        fx_days=tuple(sorted(fx_days, key=lambda d: d.day)),
    )


async def _no_fx() -> list[FxDay]:
    return []

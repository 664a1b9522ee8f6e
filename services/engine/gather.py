"""Gather a RunInputSnapshot from the registry, the ledger and market data, concurrently.

What is read follows from the portfolio and the policy: the portfolio's
universe and holdings decide the listings; wave triggers add their reference
listings and trailing highs; FX keeps only the rates that can matter (those
quoting a currency some listing, cash balance or the base currency uses), so
an unrelated ECB rate does not change the snapshot's hash.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime

from services.engine.domain.numbers import ZERO
from services.engine.domain.policy import Policy
from services.engine.domain.snapshot import (
    CashBalance,
    FiredWave,
    FxQuote,
    ListingRef,
    RunInputSnapshot,
    TrailingHigh,
)
from services.engine.domain.valuation import major_currency
from services.engine.sources import Sources


async def gather_snapshot(
    sources: Sources,
    portfolio_id: str,
    as_of: datetime,
    policy: Policy | None,
    wave_state: Sequence[FiredWave],
) -> RunInputSnapshot:
    """Everything a run of ``portfolio_id`` at ``as_of`` under ``policy`` reads."""
    registry, ledger, market = sources.registry, sources.ledger, sources.marketdata
    portfolio, sleeves, constituents, holdings, cash, rates = await asyncio.gather(
        registry.portfolio(portfolio_id),
        registry.sleeves(portfolio_id),
        registry.constituents(portfolio_id),
        ledger.holdings(portfolio_id),
        ledger.cash(portfolio_id),
        market.fx_rates(),
    )
    holdings = [h for h in holdings if h.quantity != ZERO]
    waves = policy.wave_triggers if policy is not None else ()
    listing_ids = sorted(
        {c.listing_id for c in constituents}
        | {h.listing_id for h in holdings}
        | {w.reference_listing_id for w in waves}
    )
    listings, prices, highs = await asyncio.gather(
        registry.listings(listing_ids),
        market.latest_prices(listing_ids),
        asyncio.gather(
            *(market.trailing_high(w.reference_listing_id, as_of, w.trailing_days) for w in waves)
        ),
    )
    return RunInputSnapshot(
        as_of=as_of,
        policy_hash=policy.hash if policy is not None else None,
        portfolio=portfolio,
        sleeves=tuple(sleeves),
        listings=tuple(listings),
        constituents=tuple(constituents),
        holdings=tuple(holdings),
        cash=tuple(cash),
        prices=tuple(prices),
        fx_rates=tuple(relevant_rates(rates, portfolio.base_currency, listings, cash)),
        trailing_highs=_one_per_listing(h for h in highs if h is not None),
        wave_state=tuple(wave_state),
    )


def relevant_rates(
    rates: Sequence[FxQuote],
    base_currency: str,
    listings: Sequence[ListingRef],
    cash: Sequence[CashBalance],
) -> list[FxQuote]:
    """Rates quoting the base currency or a currency of a listing or a cash balance."""
    wanted = {base_currency} | {c.currency for c in cash}
    wanted |= {major_currency(x.quote_currency) for x in listings}
    return [r for r in rates if r.quote in wanted]


def _one_per_listing(highs: Iterable[TrailingHigh]) -> tuple[TrailingHigh, ...]:
    # Two triggers may share a reference listing with different windows; the
    # snapshot holds one high per listing, the widest window's.
    best: dict[str, TrailingHigh] = {}
    for high in highs:
        kept = best.get(high.listing_id)
        if kept is None or high.window_days > kept.window_days:
            best[high.listing_id] = high
    return tuple(best[k] for k in sorted(best))

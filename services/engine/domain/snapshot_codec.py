"""Read a stored canonical snapshot back into a RunInputSnapshot (for Replay)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from services.engine.domain.snapshot import (
    CashBalance,
    ConstituentRef,
    DqState,
    FiredWave,
    FreezeReason,
    FxQuote,
    ListingRef,
    PortfolioState,
    Position,
    PriceQuote,
    RunInputSnapshot,
    SleeveRef,
    TrailingHigh,
)


def snapshot_from_json(text: str) -> RunInputSnapshot:
    """Parse :meth:`RunInputSnapshot.canonical_json` output; round-trips byte for byte."""
    return snapshot_from_tree(json.loads(text))


def snapshot_from_tree(tree: dict[str, Any]) -> RunInputSnapshot:
    """Build a snapshot from its canonical tree (decimals as strings)."""
    p = tree["portfolio"]
    return RunInputSnapshot(
        as_of=datetime.fromisoformat(tree["as_of"]),
        policy_hash=tree["policy_hash"],
        portfolio=PortfolioState(
            portfolio_id=p["portfolio_id"],
            base_currency=p["base_currency"],
            frozen=p["frozen"],
            freeze_reasons=tuple(
                FreezeReason(r["source"], r["reference"], r["detail"]) for r in p["freeze_reasons"]
            ),
        ),
        sleeves=tuple(SleeveRef(s["sleeve_id"], s["name"]) for s in tree["sleeves"]),
        listings=tuple(
            ListingRef(
                x["listing_id"],
                x["ticker"],
                x["quote_currency"],
                Decimal(x["price_scale"]),
                Decimal(x["lot_size"]),
            )
            for x in tree["listings"]
        ),
        constituents=tuple(
            ConstituentRef(c["listing_id"], c["sleeve_id"]) for c in tree["constituents"]
        ),
        holdings=tuple(Position(h["listing_id"], Decimal(h["quantity"])) for h in tree["holdings"]),
        cash=tuple(CashBalance(c["currency"], Decimal(c["amount"])) for c in tree["cash"]),
        prices=tuple(
            PriceQuote(
                q["listing_id"],
                Decimal(q["price"]),
                datetime.fromisoformat(q["observed_at"]),
                DqState(q["dq_state"]),
                tuple(q["alert_ids"]),
            )
            for q in tree["prices"]
        ),
        fx_rates=tuple(
            FxQuote(f["base"], f["quote"], Decimal(f["rate"]), f["as_of"]) for f in tree["fx_rates"]
        ),
        trailing_highs=tuple(
            TrailingHigh(
                t["listing_id"],
                Decimal(t["price"]),
                datetime.fromisoformat(t["observed_at"]),
                t["window_days"],
            )
            for t in tree["trailing_highs"]
        ),
        wave_state=tuple(
            FiredWave(w["sleeve"], Decimal(w["drawdown_pct"])) for w in tree["wave_state"]
        ),
    )

"""Concise builders of policies and snapshots for the engine's tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from services.engine.domain.policy import Policy
from services.engine.domain.policy_rules import build_policy
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

AS_OF = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
PRICED_AT = datetime(2025, 6, 30, 16, 30, tzinfo=UTC)


def policy_tree(**overrides: Any) -> dict[str, Any]:
    """A valid 60/40 policy document as a tree; keyword arguments replace top-level keys."""
    tree: dict[str, Any] = {
        "schema_version": 1,
        "name": "Core 60/40",
        "sleeves": [
            {
                "name": "equities",
                "target_weight_pct": "60",
                "drift_band": {"abs_pct": "5", "rel_pct": "25"},
            },
            {
                "name": "bonds",
                "target_weight_pct": "40",
                "drift_band": {"abs_pct": "5", "rel_pct": "25"},
            },
        ],
        "cadence": {"frequency": "monthly", "run_day": 1, "contribution": "1000"},
        "friction": {
            "min_trade_value": "100",
            "max_orders_per_run": 5,
            "fees": {"fixed": "0", "bps": "0", "minimum": "0"},
            "cash_buffer": "0",
        },
        "sells": "when_outside_band",
    }
    tree.update(overrides)
    return tree


def policy(**overrides: Any) -> Policy:
    return build_policy(policy_tree(**overrides))


def friction(
    min_trade: str = "100",
    max_orders: int = 5,
    fixed: str = "0",
    bps: str = "0",
    minimum: str = "0",
    buffer: str = "0",
) -> dict[str, Any]:
    return {
        "min_trade_value": min_trade,
        "max_orders_per_run": max_orders,
        "fees": {"fixed": fixed, "bps": bps, "minimum": minimum},
        "cash_buffer": buffer,
    }


def listing(
    listing_id: str, ccy: str = "GBP", lot: str = "1", ticker: str | None = None
) -> ListingRef:
    scale = Decimal("0.01") if ccy == "GBX" else Decimal(1)
    return ListingRef(listing_id, ticker or listing_id.upper(), ccy, scale, Decimal(lot))


def snapshot(
    pol: Policy | None,
    *,
    listings: list[ListingRef],
    sleeves: dict[str, list[str]],
    holdings: dict[str, str],
    prices: dict[str, str],
    cash: str | dict[str, str] = "0",
    base: str = "GBP",
    fx: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    frozen_by: list[str] = (),  # type: ignore[assignment]
    failing: dict[str, list[str]] | None = None,
    highs: dict[str, str] | None = None,
    wave_state: list[tuple[str, str]] = (),  # type: ignore[assignment]
    as_of: datetime = AS_OF,
) -> RunInputSnapshot:
    """A snapshot; ``sleeves`` maps sleeve name → listing ids (sleeve id = "s-" + name)."""
    failing = failing or {}
    cash_map = {base: cash} if isinstance(cash, str) else cash
    return RunInputSnapshot(
        as_of=as_of,
        policy_hash=None if pol is None else pol.hash,
        portfolio=PortfolioState(
            "p1",
            base,
            bool(frozen_by),
            tuple(FreezeReason("dq_alert", alert, "stale price") for alert in frozen_by),
        ),
        sleeves=tuple(SleeveRef(f"s-{name}", name) for name in sleeves),
        listings=tuple(listings),
        constituents=tuple(
            ConstituentRef(lid, f"s-{name}") for name, lids in sleeves.items() for lid in lids
        ),
        holdings=tuple(Position(lid, Decimal(q)) for lid, q in holdings.items()),
        cash=tuple(CashBalance(c, Decimal(a)) for c, a in cash_map.items()),
        prices=tuple(
            PriceQuote(
                lid,
                Decimal(p),
                PRICED_AT,
                DqState.FAILING if lid in failing else DqState.OK,
                tuple(failing.get(lid, ())),
            )
            for lid, p in prices.items()
        ),
        fx_rates=tuple(FxQuote(b, q, Decimal(r), "2025-06-30") for b, q, r in fx),
        trailing_highs=tuple(
            TrailingHigh(lid, Decimal(p), PRICED_AT, 365) for lid, p in (highs or {}).items()
        ),
        wave_state=tuple(FiredWave(s, Decimal(d)) for s, d in wave_state),
    )

"""The final constraints check: invariants every recommendation must meet, checked last."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from services.engine.domain.friction import Priced
from services.engine.domain.numbers import ZERO
from services.engine.domain.policy import Policy
from services.engine.domain.recommendation import CheckResult, Side
from services.engine.domain.sunsets import SunsetEffects
from services.engine.domain.valuation import Valuation


def check_lines(
    lines: tuple[Priced, ...],
    policy: Policy,
    valuation: Valuation,
    spendable: Decimal,
    sunsets: SunsetEffects,
    drift_before: Decimal,
    drift_after: Decimal,
) -> tuple[CheckResult, ...]:
    """Every check with its verdict; a failure means the run is blocked, never partly advised."""
    friction = policy.friction
    spent = sum((-line.cash_change for line in lines), ZERO)
    sold: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line.candidate.side is Side.SELL:
            sold[line.candidate.listing.listing_id] += line.candidate.quantity
    ordinary = all(not line.candidate.mandatory for line in lines)
    return (
        CheckResult(
            "max_orders",
            len(lines) <= friction.max_orders_per_run,
            f"{len(lines)} of at most {friction.max_orders_per_run} orders",
        ),
        CheckResult(
            "min_trade",
            all(line.value >= friction.min_trade_value for line in lines),
            f"every line worth at least {friction.min_trade_value}",
        ),
        CheckResult(
            "whole_lots",
            all(_whole_lots(line) for line in lines),
            "every quantity is a positive whole number of lots",
        ),
        CheckResult(
            "cash",
            spent <= spendable,
            f"net spend {spent} (buys + fees - sells) within the {spendable} free to spend",
        ),
        CheckResult(
            "sells_within_holdings",
            all(qty <= valuation.listings[lid].quantity for lid, qty in sold.items()),
            "no listing is sold beyond its holding",
        ),
        CheckResult(
            "no_buys_while_winding_down",
            not any(
                line.candidate.side is Side.BUY
                and sunsets.winding_down(line.candidate.listing.listing_id)
                for line in lines
            ),
            "listings being wound down are not bought",
        ),
        CheckResult(
            "drift_not_increased",
            not lines or not ordinary or drift_after <= drift_before,
            f"total drift {drift_before:.4f} → {drift_after:.4f} pp"
            + ("" if ordinary else " (waves and wind-downs may move it)"),
        ),
    )


def _whole_lots(line: Priced) -> bool:
    lot = line.candidate.listing.listing.lot_size
    qty = line.candidate.quantity
    return qty > ZERO and (qty % lot) == ZERO

"""The paper fill model: fills against a reference price with slippage, fees and partial
fills, deterministic given a seed and the order's client id."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

from services.oms.domain.model import OrderSide

BPS = Decimal(10_000)
PRICE_QUANTUM = Decimal("0.0001")
MONEY_QUANTUM = Decimal("0.01")


@dataclass(frozen=True)
class PaperConfig:
    """``slippage_bps`` is the worst slippage (each fill draws 0..max against the
    trader); ``partial_fill_ratio`` the chance that the last slice never fills."""

    seed: int = 0
    slippage_bps: Decimal = Decimal(5)
    fee_fixed: Decimal = Decimal("1.50")
    fee_bps: Decimal = Decimal(0)
    max_slices: int = 3
    partial_fill_ratio: Decimal = Decimal(0)


@dataclass(frozen=True)
class PaperFill:
    sequence: int
    quantity: Decimal
    price: Decimal
    fees: Decimal
    executed_at: datetime


def _slices(quantity: Decimal, count: int) -> list[Decimal]:
    """``quantity`` split into ``count`` positive parts (whole units when it is whole)."""
    unit = Decimal(1) if quantity == quantity.to_integral_value() else Decimal("0.0001")
    units = int(quantity / unit)
    count = max(1, min(count, units))
    base = (Decimal(units // count) * unit).quantize(unit, ROUND_DOWN)
    parts = [base] * count
    parts[-1] = quantity - base * (count - 1)
    return parts


def simulate_fills(
    client_order_id: str,
    side: OrderSide,
    quantity: Decimal,
    reference_price: Decimal,
    base_per_quote: Decimal,
    limit_price: Decimal | None,
    config: PaperConfig,
    at: datetime,
) -> list[PaperFill]:
    """The fills the paper broker reports for an order; same inputs, same fills.

    A limit order fills only where the slipped price respects its limit.
    """
    rng = random.Random(f"{config.seed}:{client_order_id}")
    count = rng.randint(1, max(1, config.max_slices))
    parts = _slices(quantity, count)
    if len(parts) > 1 and Decimal(rng.randint(0, 9_999)) / BPS < config.partial_fill_ratio:
        parts = parts[:-1]
    direction = 1 if side is OrderSide.BUY else -1
    fills: list[PaperFill] = []
    for index, part in enumerate(parts, start=1):
        slip_bps = Decimal(rng.randint(0, int(config.slippage_bps * 100))) / 100
        price = reference_price * (1 + direction * slip_bps / BPS)
        price = price.quantize(PRICE_QUANTUM, ROUND_HALF_EVEN)
        if limit_price is not None and direction * (price - limit_price) > 0:
            break
        notional = part * price * base_per_quote
        fees = (config.fee_fixed + notional * config.fee_bps / BPS).quantize(
            MONEY_QUANTUM, ROUND_HALF_EVEN
        )
        fills.append(PaperFill(index, part, price, fees, at + timedelta(milliseconds=index)))
    return fills

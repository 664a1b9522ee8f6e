"""Execution capture: a fill becomes one ledger trade entry with ids derived from the fill."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal

from services.oms.domain.model import OMS_NAMESPACE, Fill, Order, OrderSide, ledger_entry_id


@dataclass(frozen=True)
class LedgerTrade:
    """A BUY or SELL entry for ``LedgerService.SubmitBatch``, alone in its batch.

    Both ids derive from the fill, so capturing a fill twice submits the very
    same batch and the ledger answers ``exists`` instead of booking it again.
    """

    batch_id: uuid.UUID
    entry_id: uuid.UUID
    portfolio_id: str
    kind: str
    listing_id: str
    quantity: Decimal
    price: Decimal
    price_currency: str
    fx_rate: Decimal | None
    fees: Decimal
    fees_currency: str
    entry_date: str
    memo: str


def ledger_batch_id(fill_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(OMS_NAMESPACE, f"ledger-batch:{fill_id}")


def trade_for_fill(order: Order, fill: Fill) -> LedgerTrade:
    """The ledger entry of ``fill`` (trade date: the fill's UTC date)."""
    return LedgerTrade(
        batch_id=ledger_batch_id(fill.fill_id),
        entry_id=ledger_entry_id(fill.fill_id),
        portfolio_id=order.portfolio_id,
        kind="buy" if order.side is OrderSide.BUY else "sell",
        listing_id=order.listing_id,
        quantity=fill.quantity,
        price=fill.price,
        price_currency=fill.price_currency,
        fx_rate=fill.fx_rate,
        fees=fill.fees,
        fees_currency=fill.fees_currency,
        entry_date=fill.executed_at.astimezone(UTC).date().isoformat(),
        memo=f"order {order.order_id} fill {fill.fill_id} ({fill.source})",
    )

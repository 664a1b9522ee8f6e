"""What one entry does to cash and to a holding, under the average cost method.

Average cost method (how holdings are valued):

* a buy into a long (or empty) holding sets average cost to
  (quantity x average cost + quantity bought x price x fx_rate + fees) / new quantity;
* a sell never changes average cost (it only lowers quantity);
* a stock split multiplies quantity by the ratio and divides average cost by it;
* whenever quantity is zero or below, average cost is zero (short positions
  carry no cost in this MVP); a buy that turns a short long starts from the
  buy's own cost per unit.

Average cost is rounded half-even to ``AVERAGE_COST_PLACES`` decimal places
each time it is computed; everything else is exact. Entries apply in posting
order (sequence), not trade-date order, so a replay always gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

from services.ledger.domain.model import (
    CASH_SIGN,
    HOLDING_KINDS,
    Entry,
    EntryKind,
    Holding,
)

AVERAGE_COST_PLACES = 10
_AVERAGE_COST_QUANTUM = Decimal(1).scaleb(-AVERAGE_COST_PLACES)
# Inputs are bounded (see validation), so with this precision every product
# and sum is exact; only the average-cost division rounds, explicitly.
EXACT = Context(prec=120, rounding=ROUND_HALF_EVEN)
ZERO = Decimal(0)


def listing_amount(entry: Entry) -> Decimal:
    """A trade's quantity x price, in the listing's currency."""
    assert entry.quantity is not None and entry.price is not None
    with localcontext(EXACT):
        return entry.quantity * entry.price


def base_amount(entry: Entry) -> Decimal:
    """A trade's quantity x price x fx_rate, in the base currency."""
    assert entry.fx_rate is not None
    with localcontext(EXACT):
        return listing_amount(entry) * entry.fx_rate


def own_cash_change(entry: Entry) -> Decimal | None:
    """The signed cash change of a non-reversal entry (None for splits)."""
    with localcontext(EXACT):
        if entry.kind in CASH_SIGN:
            assert entry.amount is not None
            return entry.amount * CASH_SIGN[entry.kind]
        fees = entry.fees or ZERO
        if entry.kind is EntryKind.BUY:
            return -(base_amount(entry) + fees)
        if entry.kind is EntryKind.SELL:
            return base_amount(entry) - fees
    return None


def _average(total_cost: Decimal, quantity: Decimal) -> Decimal:
    with localcontext(EXACT):
        return (total_cost / quantity).quantize(_AVERAGE_COST_QUANTUM)


def apply_to_holding(holding: Holding, entry: Entry) -> Holding:
    """The holding after a buy, sell or split (ids and sequence left to the caller)."""
    with localcontext(EXACT):
        quantity, average = holding.quantity, holding.average_cost
        if entry.kind is EntryKind.BUY:
            assert entry.quantity is not None
            cost = base_amount(entry) + (entry.fees or ZERO)
            new_quantity = quantity + entry.quantity
            if new_quantity <= 0:
                average = ZERO
            elif quantity > 0:
                average = _average(quantity * average + cost, new_quantity)
            else:
                average = _average(cost, entry.quantity)
            quantity = new_quantity
        elif entry.kind is EntryKind.SELL:
            assert entry.quantity is not None
            quantity -= entry.quantity
        elif entry.kind is EntryKind.STOCK_SPLIT:
            assert entry.split_ratio is not None
            quantity *= entry.split_ratio
            average = _average(average, entry.split_ratio) if quantity > 0 else ZERO
        else:
            raise ValueError(f"{entry.kind.value} does not change a holding")
        if quantity <= 0:
            average = ZERO
        return Holding(holding.listing_id, quantity, average)


def rebuild_holding(listing_id: str, history: Iterable[Entry]) -> Holding:
    """The holding from its whole history, skipping reversed entries and the reversals.

    This is how a reversal of a buy, sell or split takes effect: the holding
    becomes what it would be had the reversed entry never been posted.
    """
    entries = list(history)
    reversed_ids = {e.reverses_entry_id for e in entries if e.kind is EntryKind.REVERSAL}
    holding = Holding(listing_id, ZERO, ZERO)
    for entry in entries:
        if entry.kind in HOLDING_KINDS and entry.entry_id not in reversed_ids:
            holding = apply_to_holding(holding, entry)
    return holding

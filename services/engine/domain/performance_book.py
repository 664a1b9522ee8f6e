"""Holdings and cash day after day, in one pass over the ledger moves in date order.

A listing's quantity is the fold of its buys, sells and splits in posting
order, leaving out the entries a reversal dated by then undid (as the ledger
rebuilds a reversed holding). A day's moves normally extend that fold (posted
after everything already in it) and are applied on top of the running
quantity. A move posted before one already folded in (a back-dated entry), or
the reversal of a holding entry, refolds that one listing from its own
entries: a split makes the fold order-sensitive, and refolding keeps every
quantity exactly what folding the whole ledger up to that day would give.

Cash is a plain sum. Every amount is exact in the 50-digit context the caller
runs in, so the order of the additions cannot change a result.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from decimal import Decimal

from services.engine.domain.numbers import ZERO
from services.engine.domain.performance_inputs import HOLDING, LedgerMove, MoveKind


class HoldingsBook:
    """Running holdings (``held``) and cash balances (``cash``) after each day's moves."""

    def __init__(self, moves: Iterable[LedgerMove]) -> None:
        self.held: dict[str, Decimal] = {}
        self.cash: dict[str, Decimal] = {}
        self._by_id = {m.entry_id: m for m in moves}
        self._undone: set[str] = set()
        # Per listing: the holding moves folded in so far, in posting order.
        self._folded: dict[str, list[LedgerMove]] = {}

    def apply(self, day_moves: Sequence[LedgerMove]) -> None:
        """Book one day's moves, given in posting (sequence) order."""
        stale: set[str] = set()
        for m in day_moves:
            if m.cash_currency:
                self.cash[m.cash_currency] = self.cash.get(m.cash_currency, ZERO) + m.cash_change
            if m.kind is MoveKind.REVERSAL:
                self._undo(m.reverses_entry_id, stale)
            elif m.kind in HOLDING and m.entry_id not in self._undone:
                self._fold_in(m, stale)
        for listing_id in sorted(stale):
            self._refold(listing_id)

    def _fold_in(self, move: LedgerMove, stale: set[str]) -> None:
        folded = self._folded.setdefault(move.listing_id, [])
        if folded and move.sequence < folded[-1].sequence:
            bisect.insort(folded, move, key=lambda m: m.sequence)
            stale.add(move.listing_id)
            return
        folded.append(move)
        if move.listing_id not in stale:
            self.held[move.listing_id] = _step(self.held.get(move.listing_id, ZERO), move)

    def _undo(self, entry_id: str, stale: set[str]) -> None:
        # A reversal may be dated before what it reverses: remembered, that entry never counts.
        self._undone.add(entry_id)
        target = self._by_id.get(entry_id)
        if target is None or target.kind not in HOLDING:
            return
        folded = self._folded.get(target.listing_id, [])
        if target in folded:
            folded.remove(target)
            stale.add(target.listing_id)

    def _refold(self, listing_id: str) -> None:
        folded = self._folded.get(listing_id, [])
        if not folded:
            self.held.pop(listing_id, None)
            return
        quantity = ZERO
        for m in folded:
            quantity = _step(quantity, m)
        self.held[listing_id] = quantity


def _step(quantity: Decimal, move: LedgerMove) -> Decimal:
    if move.kind is MoveKind.BUY:
        return quantity + move.quantity
    if move.kind is MoveKind.SELL:
        return quantity - move.quantity
    return quantity * move.split_ratio

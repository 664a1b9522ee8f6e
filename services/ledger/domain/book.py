"""The working state of one portfolio's book: cash, holdings and what each entry does to them.

Posting (a few snapshots loaded) and replay (everything from nothing) both
apply entries through :meth:`Book.apply`, so the two cannot disagree unless
the stored snapshots do.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, localcontext

from services.ledger.domain.effects import (
    EXACT,
    ZERO,
    apply_to_holding,
    base_amount,
    listing_amount,
    own_cash_change,
    rebuild_holding,
)
from services.ledger.domain.model import (
    HOLDING_KINDS,
    TRADE_KINDS,
    CashBalance,
    Entry,
    EntryKind,
    Holding,
    PostedEntry,
)


@dataclass
class Book:
    """Cash and holdings keyed by currency / listing, plus what reversals need.

    ``known`` holds the entries a reversal may name; ``reversed_ids`` those
    already reversed; ``histories`` the full ordered history of each listing
    whose buy, sell or split may be reversed (the holding is rebuilt from it).
    """

    cash: dict[str, CashBalance] = field(default_factory=dict)
    holdings: dict[str, Holding] = field(default_factory=dict)
    known: dict[uuid.UUID, Entry] = field(default_factory=dict)
    reversed_ids: set[uuid.UUID] = field(default_factory=set)
    histories: dict[str, list[Entry]] = field(default_factory=dict)
    # Replay keeps every history; posting only those it loaded.
    track_all_histories: bool = False

    def target_of(self, entry: Entry) -> Entry | None:
        """The entry a reversal names, if this book knows it."""
        if entry.reverses_entry_id is None:
            return None
        return self.known.get(entry.reverses_entry_id)

    def touches(self, entry: Entry) -> tuple[str | None, str | None]:
        """The cash currency and the listing whose snapshots ``entry`` changes."""
        target = self.target_of(entry)
        subject = target if entry.kind is EntryKind.REVERSAL else entry
        currency = None
        if subject is not None and subject.kind is not EntryKind.STOCK_SPLIT:
            currency = subject.currency
        return currency, _affected_listing(entry, target)

    def apply(
        self, entry: Entry, *, sequence: int, batch_id: uuid.UUID, posted_at: datetime
    ) -> PostedEntry:
        """Apply one entry (already checked) and say what it changed."""
        target = self.target_of(entry)
        if entry.kind is EntryKind.REVERSAL:
            assert target is not None, "a reversal's target is checked before it applies"
            self.reversed_ids.add(target.entry_id)
        cash_change, currency = _cash_change(entry, target)
        if cash_change is not None and currency is not None:
            self._move_cash(currency, cash_change, entry.entry_id, sequence)
        listing = _affected_listing(entry, target)
        if listing is not None:
            self._change_holding(listing, entry, target, sequence)
        self.known[entry.entry_id] = entry
        trade = entry if entry.kind in TRADE_KINDS else None
        return PostedEntry(
            entry=entry,
            batch_id=batch_id,
            sequence=sequence,
            posted_at=posted_at,
            cash_change=cash_change,
            cash_currency=currency,
            listing_amount=listing_amount(trade) if trade else None,
            base_amount=base_amount(trade) if trade else None,
            affects_listing_id=listing,
        )

    def _move_cash(self, currency: str, change: Decimal, entry_id: uuid.UUID, seq: int) -> None:
        current = self.cash.get(currency, CashBalance(currency, ZERO))
        with localcontext(EXACT):
            balance = current.balance + change
        self.cash[currency] = CashBalance(currency, balance, entry_id, seq)

    def _change_holding(
        self, listing: str, entry: Entry, target: Entry | None, sequence: int
    ) -> None:
        if self.track_all_histories or listing in self.histories:
            self.histories.setdefault(listing, []).append(entry)
        if target is None:
            current = self.holdings.get(listing, Holding(listing, ZERO, ZERO))
            updated = apply_to_holding(current, entry)
        else:
            assert listing in self.histories, f"history of {listing} is needed to reverse"
            updated = rebuild_holding(listing, self.histories[listing])
        self.holdings[listing] = replace(
            updated, last_entry_id=entry.entry_id, last_sequence=sequence
        )

    def cash_of(self, currency: str) -> Decimal:
        found = self.cash.get(currency)
        return ZERO if found is None else found.balance

    def quantity_of(self, listing_id: str) -> Decimal:
        found = self.holdings.get(listing_id)
        return ZERO if found is None else found.quantity


def _cash_change(entry: Entry, target: Entry | None) -> tuple[Decimal | None, str | None]:
    if entry.kind is EntryKind.REVERSAL:
        assert target is not None
        change, currency = _cash_change(target, None)
        return (None if change is None else -change), currency
    return own_cash_change(entry), (None if entry.kind is EntryKind.STOCK_SPLIT else entry.currency)


def _affected_listing(entry: Entry, target: Entry | None) -> str | None:
    subject = target if entry.kind is EntryKind.REVERSAL else entry
    if subject is not None and subject.kind in HOLDING_KINDS:
        return subject.listing_id
    return None


def book_from_snapshots(
    cash: Iterable[CashBalance],
    holdings: Iterable[Holding],
    known: Mapping[uuid.UUID, Entry],
    reversed_ids: Iterable[uuid.UUID],
    histories: Mapping[str, list[Entry]],
) -> Book:
    """A book seeded with what posting loaded from storage."""
    return Book(
        cash={c.currency: c for c in cash},
        holdings={h.listing_id: h for h in holdings},
        known=dict(known),
        reversed_ids=set(reversed_ids),
        histories={listing: list(entries) for listing, entries in histories.items()},
    )

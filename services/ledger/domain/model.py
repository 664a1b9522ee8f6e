"""Ledger value types: entry kinds, entries as submitted, holdings, cash and account policy."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


class EntryKind(enum.Enum):
    CONTRIBUTION = "contribution"
    WITHDRAWAL = "withdrawal"
    FEE = "fee"
    INTEREST = "interest"
    DIVIDEND = "dividend"
    BUY = "buy"
    SELL = "sell"
    STOCK_SPLIT = "stock_split"
    REVERSAL = "reversal"


# Cash kinds move ``amount`` of the base currency in (+1) or out (-1).
CASH_SIGN: dict[EntryKind, int] = {
    EntryKind.CONTRIBUTION: 1,
    EntryKind.INTEREST: 1,
    EntryKind.DIVIDEND: 1,
    EntryKind.WITHDRAWAL: -1,
    EntryKind.FEE: -1,
}
TRADE_KINDS = frozenset({EntryKind.BUY, EntryKind.SELL})
# Kinds whose effect on a holding depends on what came before (so reversing
# one rebuilds the holding from its history).
HOLDING_KINDS = frozenset({EntryKind.BUY, EntryKind.SELL, EntryKind.STOCK_SPLIT})


@dataclass(frozen=True)
class Entry:
    """One entry with the fields the client gave (after defaults), nothing derived.

    Cash kinds carry ``amount`` and ``currency``; buys and sells ``listing_id``,
    ``quantity``, ``price`` in ``price_currency``, ``fx_rate`` (base units per
    price unit) and ``fees`` in ``currency``; splits ``listing_id`` and
    ``split_ratio``; reversals ``reverses_entry_id``.
    """

    entry_id: uuid.UUID
    kind: EntryKind
    entry_date: date
    amount: Decimal | None = None
    currency: str | None = None
    listing_id: str | None = None
    quantity: Decimal | None = None
    price: Decimal | None = None
    price_currency: str | None = None
    fx_rate: Decimal | None = None
    fees: Decimal | None = None
    settlement_date: date | None = None
    split_ratio: Decimal | None = None
    reverses_entry_id: uuid.UUID | None = None
    memo: str = ""


@dataclass(frozen=True)
class BatchRequest:
    """A validated submit: entries in the order they apply."""

    batch_id: uuid.UUID
    portfolio_id: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class PostedEntry:
    """An entry as booked: its posting order and what it changed."""

    entry: Entry
    batch_id: uuid.UUID
    sequence: int
    posted_at: datetime
    # Signed change of cash, in ``cash_currency``; None when no cash moved.
    cash_change: Decimal | None
    cash_currency: str | None
    # Trades: quantity x price (listing currency) and that x fx_rate (base).
    listing_amount: Decimal | None
    base_amount: Decimal | None
    # The listing whose holding this entry changed (a reversal: its target's).
    affects_listing_id: str | None


@dataclass(frozen=True)
class PostedBatch:
    """A batch as booked: the answer to its submit, first time and every resubmit."""

    batch_id: uuid.UUID
    portfolio_id: str
    sequence: int
    posted_at: datetime
    actor_user_id: str | None
    entries: tuple[PostedEntry, ...]


@dataclass(frozen=True)
class Holding:
    """A holding snapshot: quantity and average cost per unit in the base currency."""

    listing_id: str
    quantity: Decimal
    average_cost: Decimal
    last_entry_id: uuid.UUID | None = None
    last_sequence: int = 0

    @property
    def cost_basis(self) -> Decimal:
        return self.quantity * self.average_cost


@dataclass(frozen=True)
class CashBalance:
    """A cash snapshot: the balance of one currency."""

    currency: str
    balance: Decimal
    last_entry_id: uuid.UUID | None = None
    last_sequence: int = 0


@dataclass(frozen=True)
class AccountPolicy:
    """What the ledger keeps per portfolio: base currency and what it may go below zero on."""

    portfolio_id: str
    base_currency: str
    allow_negative_cash: bool = False
    allow_short: bool = False
